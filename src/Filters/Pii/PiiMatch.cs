namespace Pipeline.Filters.Pii;

/// <summary>One detected entity: its type and character span in the text.</summary>
public readonly record struct PiiMatch(string Type, int Start, int Length)
{
    /// <summary>Exclusive end offset.</summary>
    public int End => Start + Length;
}
