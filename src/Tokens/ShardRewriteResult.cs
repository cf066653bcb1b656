namespace Pipeline.Tokens;

/// <summary>What <see cref="ShardSetRewriter.RemoveDocuments"/> changed.</summary>
/// <param name="DocumentsRemoved">Distinct documents found and removed.</param>
/// <param name="PlacementsRemoved">Index rows removed (copies from up-sampling and per-domain validation included).</param>
/// <param name="TokensRemoved">Tokens removed from the train and mixed validation shards.</param>
/// <param name="ShardsRewritten">File names of the rewritten shards.</param>
public sealed record ShardRewriteResult(int DocumentsRemoved, int PlacementsRemoved, long TokensRemoved, IReadOnlyList<string> ShardsRewritten);
