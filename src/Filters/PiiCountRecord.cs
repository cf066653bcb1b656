using Pipeline.Core.Ledger;

namespace Pipeline.Filters;

/// <summary>PII found in a document: type and count, never the value (<c>pii_redactions</c>).</summary>
public sealed record PiiCountRecord(string DocumentId, string EntityType, int Count, string Mode, string StepId) : LedgerRecord;
