namespace Pipeline.Core.Ledger;

/// <summary>A document written by a sink to <paramref name="OutputPath"/> ("" for the sink's artifact) (written by the runner).</summary>
public sealed record DocumentWrittenRecord(string DocumentId, string StepId, string OutputPath) : LedgerRecord;
