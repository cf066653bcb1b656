using Pipeline.Core.Running;

namespace Pipeline.Provenance;

/// <summary>
/// The task set of ledgers given to <c>pipeline provenance merge</c>: each input's current runs (task index, task
/// count, DAG hash, stage), checked per DAG name and stage to be exactly tasks 0..N−1 of one run (ledgers of
/// differently named DAGs, e.g. curation and training, are separate sets).
/// </summary>
public static class LedgerTaskSet
{
    /// <summary>One report per DAG name and stage found in the inputs (stage 0: whole-DAG runs).</summary>
    /// <exception cref="LedgerException">An input is missing or not a ledger.</exception>
    public static IReadOnlyList<TaskSetGroup> Check(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<(string, int, TaskFile)>();
        foreach (var path in inputs)
        {
            using var c = LedgerDatabase.OpenReadOnly(path);
            bool hasStage = LedgerDatabase.Scalar(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'runs' AND column_name = 'stage'") is long n && n > 0;
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT task_index, task_count, coalesce(dag_hash, ''), {(hasStage ? "coalesce(stage, 0)" : "0")}, coalesce(dag_name, '') FROM runs WHERE superseded_by IS NULL ORDER BY started_at";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                files.Add((r.GetString(4), r.GetInt32(3), new TaskFile(path, r.GetInt32(0), r.GetInt32(1), r.GetString(2))));
        }
        return TaskSetGroup.Check(files);
    }
}
