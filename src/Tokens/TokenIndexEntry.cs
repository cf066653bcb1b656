namespace Pipeline.Tokens;

/// <summary>
/// Where one document's tokens lie: <paramref name="TokenCount"/> tokens (its trailing end-of-text included)
/// from <paramref name="TokenStart"/> in shard file <paramref name="Shard"/>. An up-sampled document has one
/// entry per copy; a validation document also has one per per-domain validation copy.
/// </summary>
public sealed record TokenIndexEntry(string DocId, string Shard, long TokenStart, long TokenCount, string Split, string? Domain);
