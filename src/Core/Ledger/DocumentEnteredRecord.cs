using Pipeline.Core.Documents;

namespace Pipeline.Core.Ledger;

/// <summary>A document produced by a source step (written by the runner).</summary>
public sealed record DocumentEnteredRecord(string StepId, Document Document) : LedgerRecord;
