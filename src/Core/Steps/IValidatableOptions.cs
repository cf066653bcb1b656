namespace Pipeline.Core.Steps;

/// <summary>Options with rules across fields. Each problem is (option key, message).</summary>
public interface IValidatableOptions
{
    /// <summary>Problems found; empty when valid.</summary>
    IEnumerable<(string Key, string Message)> Validate();
}
