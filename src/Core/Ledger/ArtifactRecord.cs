using Pipeline.Core.Steps;

namespace Pipeline.Core.Ledger;

/// <summary>An artifact a step published (written by the runner).</summary>
public sealed record ArtifactRecord(string StepId, Artifact Artifact) : LedgerRecord;
