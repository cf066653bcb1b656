namespace Pipeline.Core.Ledger;

/// <summary>
/// Read-only SQL over the run's ledger (its tables and views; see docs/provenance.md), for steps that report on the
/// run (audit). The step gets it from <see cref="Steps.StepContext.LedgerReader"/> and never needs the ledger's location.
/// Flush the ledger first (<see cref="ILedger.FlushAsync"/>) to see this run's latest records.
/// </summary>
public interface ILedgerReader
{
    /// <summary>True when there is a ledger to read (this run writes one, or an earlier run in the output folder did).</summary>
    bool Available { get; }

    /// <summary>Rows of <paramref name="sql"/> (CLR values, null for SQL NULL).</summary>
    IReadOnlyList<IReadOnlyList<object?>> Query(string sql);
}
