using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Provenance;

/// <summary>Registers the steps of Pipeline.Provenance and creates run ledgers.</summary>
public static class ProvenanceModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/> (the ledger is not a step: none yet).</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }

    /// <summary>Path of a run's ledger: <c>output_dir/provenance{stage and task suffix}.duckdb</c> (e.g. <c>provenance.stage3.task-0002.duckdb</c>).</summary>
    public static string LedgerPath(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Path.Combine(run.OutputDirectory, $"provenance{run.RunSuffix}.duckdb");
    }

    /// <summary>The run's ledger: <c>output_dir/provenance{task suffix}.duckdb</c>. Setting the environment variable
    /// <c>PIPELINE_LEDGER_KEPT_EVENTS=1</c> also records a <c>kept</c> event per document and step.</summary>
    public static ILedger CreateLedger(RunInfo run) =>
        new DuckDbLedger(LedgerPath(run), recordKeptEvents: Environment.GetEnvironmentVariable("PIPELINE_LEDGER_KEPT_EVENTS") == "1");
}
