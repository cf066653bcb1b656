namespace Pipeline.Ingest.Warc;

/// <summary>One WARC record: its type, headers, where it starts, and its block (null when skipped without reading).</summary>
internal sealed record WarcRecord(
    string Version,
    string Type,
    long Offset,
    long ContentLength,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Block)
{
    /// <summary>First header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var kv in Headers) if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
        return null;
    }
}
