namespace Pipeline.Core.Running;

/// <summary>The per-task files of one DAG (by name) and stage, and what <see cref="TaskSet.Check"/> found in them.</summary>
/// <param name="DagName">The DAG's name: files of differently named DAGs (a curation and a training run) are separate sets.</param>
/// <param name="Stage">Stage of a staged DAG (0 = whole-DAG runs).</param>
/// <param name="Report">The check.</param>
public sealed record TaskSetGroup(string DagName, int Stage, TaskSetReport Report)
{
    /// <summary>"DAG 'name' stage 1" style label for messages.</summary>
    public string Label => $"DAG '{DagName}'{(Stage > 0 ? $" stage {Stage}" : "")}";

    /// <summary>Groups <paramref name="files"/> by DAG name and stage and checks each group.</summary>
    public static IReadOnlyList<TaskSetGroup> Check(IEnumerable<(string DagName, int Stage, TaskFile File)> files) =>
        files.GroupBy(f => (f.DagName, f.Stage))
            .OrderBy(g => g.Key.DagName, StringComparer.Ordinal).ThenBy(g => g.Key.Stage)
            .Select(g => new TaskSetGroup(g.Key.DagName, g.Key.Stage, TaskSet.Check(g.Select(f => f.File).ToList())))
            .ToList();
}
