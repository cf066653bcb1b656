using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>What a run produced.</summary>
public sealed record RunResult(
    RunStatus Status,
    IReadOnlyList<StepStats> Stats,
    IReadOnlyDictionary<string, IReadOnlyList<Artifact>> Artifacts,
    TimeSpan Wall,
    Exception? Error,
    string? StatsPath)
{
    /// <summary>The <c>fail_on</c> gates checked at the end of the run (empty when the DAG has none or the run did not complete).</summary>
    public IReadOnlyList<GateOutcome> Gates { get; init; } = [];

    /// <summary>Process exit code for schedulers: 0 done (or skipped), 1 failed or a gate tripped, 130 cancelled.</summary>
    public int ExitCode => Status switch
    {
        RunStatus.Completed or RunStatus.Skipped => 0,
        RunStatus.Cancelled => 130,
        RunStatus.Refused => 2,
        _ => 1,
    };
}
