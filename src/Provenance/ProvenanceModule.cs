using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Provenance;

/// <summary>Creates run ledgers (the ledger is not a step: this assembly registers none).</summary>
public static class ProvenanceModule
{
    /// <summary>Path of a run's ledger: <c>output_dir/provenance{stage and task suffix}.duckdb</c> (e.g. <c>provenance.stage3.task-0002.duckdb</c>).</summary>
    public static string LedgerPath(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Path.Combine(run.OutputDirectory, $"provenance{run.RunSuffix}.duckdb");
    }

    /// <summary>The run's ledger at <see cref="LedgerPath"/>, written as <paramref name="options"/> say (defaults when null).</summary>
    public static ILedger CreateLedger(RunInfo run, LedgerOptions? options = null) => new DuckDbLedger(LedgerPath(run), options ?? new LedgerOptions());

    /// <summary>A ledger factory for <see cref="Core.Running.RunOptions.LedgerFactory"/>.</summary>
    public static Func<RunInfo, ILedger> LedgerFactory(LedgerOptions options) => run => CreateLedger(run, options);
}
