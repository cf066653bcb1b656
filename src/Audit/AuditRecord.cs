using Pipeline.Core.Ledger;

namespace Pipeline.Audit;

/// <summary>An audit result (<c>audits</c>).</summary>
public sealed record AuditRecord(string Checkpoint, string Kind, string? Domain, string Metric, double Value, string? Details) : LedgerRecord;
