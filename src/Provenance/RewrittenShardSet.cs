namespace Pipeline.Provenance;

/// <summary>A shard set after a takedown.</summary>
/// <param name="Folder">The shard-set folder.</param>
/// <param name="Status">"rewritten: …" with what the rewriter did, "missing", or "not rewritten: …".</param>
public sealed record RewrittenShardSet(string Folder, string Status)
{
    /// <summary>True when the documents are gone from this shard set.</summary>
    public bool Done => Status.StartsWith("rewritten", StringComparison.Ordinal);
}
