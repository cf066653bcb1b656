namespace Pipeline.Core.Steps;

/// <summary>Base of every step. Steps are created once per run from their validated options.</summary>
public abstract class Step
{
}
