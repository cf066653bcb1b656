namespace Pipeline.Provenance;

/// <summary>What <see cref="LedgerTakedown.Apply"/> did.</summary>
/// <param name="Files">Each document file: path, documents left, documents removed, "rewritten" or "missing".</param>
/// <param name="ShardSets">Each shard-set folder that held the documents and what happened to it.</param>
/// <param name="Documents">Documents taken down.</param>
public sealed record TakedownResult(IReadOnlyList<RewrittenFile> Files, IReadOnlyList<RewrittenShardSet> ShardSets, int Documents)
{
    /// <summary>The other files rewritten (crawl files, probes, reports, dedup clusters, caches): records/lines/values removed.</summary>
    public IReadOnlyList<RewrittenFile> OtherFiles { get; init; } = [];
}
