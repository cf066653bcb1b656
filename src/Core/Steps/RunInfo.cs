namespace Pipeline.Core.Steps;

/// <summary>Facts about the run every step can read.</summary>
/// <param name="RunId">Unique id of this run (or task run).</param>
/// <param name="DagName">The DAG's <c>name</c>.</param>
/// <param name="DagDirectory">Folder of the DAG file: relative input paths resolve against it.</param>
/// <param name="OutputDirectory">The DAG's <c>output_dir</c>, absolute.</param>
/// <param name="TaskIndex">This task's index (0 when not split).</param>
/// <param name="TaskCount">Number of tasks (1 when not split).</param>
public sealed record RunInfo(string RunId, string DagName, string DagDirectory, string OutputDirectory, int TaskIndex = 0, int TaskCount = 1)
{
    /// <summary>SHA-256 of the DAG text (hex); per-task files record it so a set can be checked for one DAG.</summary>
    public string DagHash { get; init; } = "";

    /// <summary>Stage of a staged DAG (1 = up to the signatures, 3 = from the removal filter on); 0 = the whole DAG.</summary>
    public int Stage { get; init; }

    /// <summary>The DAG's <c>fail_on</c> gate rules (the report shows their outcome).</summary>
    public IReadOnlyList<string> FailOn { get; init; } = [];

    /// <summary>True when the run is one of several scheduler tasks.</summary>
    public bool IsTask => TaskCount > 1;

    /// <summary>Suffix for per-task output names: "" when not split, else ".task-0003".</summary>
    public string TaskSuffix => IsTask ? $".task-{TaskIndex:D4}" : "";

    /// <summary>Suffix for the run's own files (stats, ledger): the stage (".stage3") and then <see cref="TaskSuffix"/>.</summary>
    public string RunSuffix => (Stage > 0 ? $".stage{Stage}" : "") + TaskSuffix;
}
