using Pipeline.Core.Dag;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>How to run a plan.</summary>
public sealed record RunOptions
{
    /// <summary>This task's index.</summary>
    public int TaskIndex { get; init; }

    /// <summary>Number of tasks.</summary>
    public int TaskCount { get; init; } = 1;

    /// <summary>
    /// Stage of a staged DAG: 1 runs every step not downstream of a <see cref="StageBoundary"/> step; 3 runs the
    /// boundary steps, everything downstream of them and (without ledger records or stats) the upstream steps that
    /// feed them again. 0 runs the whole DAG.
    /// </summary>
    public int Stage { get; init; }

    /// <summary>Which steps start stage 3 (the step that reads the global stage's output).</summary>
    public Func<PlannedStep, bool>? StageBoundary { get; init; }

    /// <summary>Run even when this task's completion marker exists (or was written by another DAG).</summary>
    public bool Force { get; init; }

    /// <summary>Creates the ledger for a run (given the output folder and task suffix); null means no ledger.</summary>
    public Func<RunInfo, ILedger>? LedgerFactory { get; init; }

    /// <summary>Gives steps read access to the run's ledger (<see cref="StepContext.LedgerReader"/>); null means none.</summary>
    public Func<RunInfo, ILedgerReader>? LedgerReaderFactory { get; init; }

    /// <summary>Messages.</summary>
    public IRunLog Log { get; init; } = NullRunLog.Instance;

    /// <summary>Version string recorded in stats and the ledger.</summary>
    public string Version { get; init; } = "0.1.0";

    /// <summary>Checks the DAG's <c>fail_on</c> gates once every step has finished, before the run is closed, so the
    /// outcome lands in stats.json and the ledger (status <c>gate_failed</c> when one trips); null means no gates.</summary>
    public Func<IReadOnlyList<GateOutcome>>? Gates { get; init; }

    /// <summary>Called once the steps' counters exist (progress views poll them).</summary>
    public Action<IReadOnlyList<StepStats>>? OnStarted { get; init; }
}
