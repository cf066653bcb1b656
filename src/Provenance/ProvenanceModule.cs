using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Provenance;

/// <summary>Registers the steps of Pipeline.Provenance.</summary>
public static class ProvenanceModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }

    /// <summary>The run's ledger: <c>output_dir/provenance{task suffix}.duckdb</c>.</summary>
    public static ILedger CreateLedger(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return NullLedger.Instance;
    }
}
