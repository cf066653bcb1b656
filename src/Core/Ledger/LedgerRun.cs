namespace Pipeline.Core.Ledger;

/// <summary>The <c>runs</c> row: which DAG ran, where, as which task.</summary>
public sealed record LedgerRun(
    string RunId,
    string DagName,
    string DagText,
    string DagHash,
    string Version,
    int TaskIndex,
    int TaskCount,
    DateTimeOffset StartedAt)
{
    /// <summary>Stage of a staged DAG (0 = the whole DAG).</summary>
    public int Stage { get; init; }
}
