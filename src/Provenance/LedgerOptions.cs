using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>How a run's DuckDB ledger is written.</summary>
public sealed record LedgerOptions
{
    /// <summary>Also record a <c>kept</c> event per document per processor step (large; the DAG's <c>"ledger": { "kept_events": true }</c>).</summary>
    public bool RecordKeptEvents { get; init; }

    /// <summary>Records queued before the runner waits for the writer (back-pressure, per batch, never blocking a thread).</summary>
    public int Capacity { get; init; } = 65_536;

    /// <summary>Table mappings of the modules' records (the engine's own records are always mapped); the CLI passes every module's.</summary>
    public LedgerMappings? Mappings { get; init; }

    /// <summary>Rows per transaction at most.</summary>
    public int CommitRows { get; init; } = 200_000;
}
