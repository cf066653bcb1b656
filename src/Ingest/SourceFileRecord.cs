using Pipeline.Core.Ledger;

namespace Pipeline.Ingest;

/// <summary>A source file opened by a reader (<c>sources</c>).</summary>
public sealed record SourceFileRecord(string Path, long SizeBytes, string Sha256, string Format) : LedgerRecord;
