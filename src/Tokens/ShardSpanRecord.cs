using Pipeline.Core.Ledger;

namespace Pipeline.Tokens;

/// <summary>Where a document's tokens landed (<c>shards</c>).</summary>
public sealed record ShardSpanRecord(string ShardFile, string DocumentId, long TokenStart, long TokenCount, string Split, string? Domain) : LedgerRecord;
