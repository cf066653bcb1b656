namespace Pipeline.Core.Dag;

/// <summary>One problem in a DAG file: where (JSON path), what, the bad value and the nearest valid name.</summary>
public sealed record DagError(string Path, string Message, string? Value = null, string? Suggestion = null)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var s = $"{Path}: {Message}";
        if (Value is not null) s += $" (got {Value})";
        if (Suggestion is not null) s += $"; did you mean '{Suggestion}'?";
        return s;
    }
}
