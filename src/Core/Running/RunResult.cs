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
    /// <summary>Process exit code for schedulers: 0 done (or skipped), 1 failed, 130 cancelled.</summary>
    public int ExitCode => Status switch
    {
        RunStatus.Completed or RunStatus.Skipped => 0,
        RunStatus.Cancelled => 130,
        RunStatus.Refused => 2,
        _ => 1,
    };
}
