namespace Pipeline.Core.Running;

/// <summary>
/// Checks that per-task outputs (signature files, ledgers, stats files) are exactly tasks 0..N−1 of one task count
/// and one DAG hash before a global step combines them.
/// </summary>
public static class TaskSet
{
    /// <summary>
    /// The run most files belong to (ties: the larger task count, then the smaller hash) and what does not fit it.
    /// A file without a DAG hash (written before hashes were recorded) fits any hash.
    /// </summary>
    public static TaskSetReport Check(IReadOnlyList<TaskFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) return new TaskSetReport(0, "", [], [], [], []);
        var reference = files.Where(f => f.DagHash.Length > 0).DefaultIfEmpty(files[0])
            .GroupBy(f => (f.TaskCount, f.DagHash))
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key.TaskCount).ThenBy(g => g.Key.DagHash, StringComparer.Ordinal)
            .First().Key;
        var members = new SortedDictionary<int, TaskFile>();
        var foreign = new List<string>();
        var duplicates = new List<string>();
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            bool sameHash = f.DagHash.Length == 0 || reference.DagHash.Length == 0 || f.DagHash == reference.DagHash;
            if (f.TaskCount != reference.TaskCount || !sameHash || f.TaskIndex < 0 || f.TaskIndex >= reference.TaskCount)
                foreign.Add($"{f.Path} (task {f.TaskIndex} of {f.TaskCount}, DAG {TaskSetReport.Short(f.DagHash)})");
            else if (!members.TryAdd(f.TaskIndex, f))
                duplicates.Add($"{f.Path} (task {f.TaskIndex} again; first: {members[f.TaskIndex].Path})");
        }
        var missing = Enumerable.Range(0, reference.TaskCount).Where(i => !members.ContainsKey(i)).ToList();
        return new TaskSetReport(reference.TaskCount, reference.DagHash, members.Values.ToList(), missing, foreign, duplicates);
    }
}
