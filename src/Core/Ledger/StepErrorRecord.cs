namespace Pipeline.Core.Ledger;

/// <summary>A bad record or document reported by a step through its context.</summary>
public sealed record StepErrorRecord(string StepId, string Reason, string Message, string? File, long? Offset, string? DocumentId) : LedgerRecord;
