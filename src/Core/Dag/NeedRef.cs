namespace Pipeline.Core.Dag;

/// <summary>An entry of <c>needs</c>: a step id and an optional port ("quality.rejected").</summary>
public sealed record NeedRef(string StepId, string? Port)
{
    /// <summary>Parses "step" or "step.port".</summary>
    public static NeedRef Parse(string text)
    {
        int dot = text.LastIndexOf('.');
        return dot > 0 ? new NeedRef(text[..dot], text[(dot + 1)..]) : new NeedRef(text, null);
    }

    /// <inheritdoc/>
    public override string ToString() => Port is null ? StepId : $"{StepId}.{Port}";
}
