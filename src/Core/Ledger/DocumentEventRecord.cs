using Pipeline.Core.Steps;

namespace Pipeline.Core.Ledger;

/// <summary>A step's decision about a document (written by the runner).</summary>
public sealed record DocumentEventRecord(string DocumentId, string StepId, OutcomeAction Action, string? Reason, string? Details) : LedgerRecord;
