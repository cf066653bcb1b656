namespace Pipeline.Audit;

/// <summary>A document's tokens in a shard (a row of the shard set's token index).</summary>
public sealed record IndexedSpan(string DocumentId, string Shard, long TokenStart, long TokenCount, string Split, string? Domain);
