using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>Combines ledgers (one per scheduler task, or per DAG) into one file.</summary>
public static class LedgerMerge
{
    /// <summary>What a merge did.</summary>
    /// <param name="RunsAdded">Runs copied.</param>
    /// <param name="RunsSkipped">Runs already in the output (same id, status and attempts), left as they were.</param>
    /// <param name="Incomplete">Run ids copied whose status is not "completed".</param>
    public sealed record Result(int RunsAdded, int RunsSkipped, IReadOnlyList<string> Incomplete);

    /// <summary>
    /// Copies every run of every input into <paramref name="output"/> (created if missing). A run already in the
    /// output with the same status and attempt count is skipped, so merging again after more tasks finish only
    /// adds the new ones; a run the output holds from an earlier attempt is replaced.
    /// </summary>
    /// <exception cref="LedgerException">An input is missing or not a ledger.</exception>
    public static Result Merge(string output, IReadOnlyList<string> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new LedgerException("no input ledgers given");
        var outFull = Path.GetFullPath(output);
        foreach (var i in inputs)
        {
            if (!File.Exists(i)) throw new LedgerException($"input ledger not found: {i}");
            if (Path.GetFullPath(i) == outFull) throw new LedgerException($"the output {output} is also an input; write the merge to a new file");
        }
        var outDir = LedgerPaths.Norm(Path.GetDirectoryName(outFull)!);
        int added = 0, skipped = 0;
        var incomplete = new List<string>();
        using var c = LedgerDatabase.OpenWrite(outFull);
        for (int k = 0; k < inputs.Count; k++)
        {
            var alias = $"merge_in_{k}";
            // paths the input stored relative to its folder are rebased onto the output's folder
            var inDir = LedgerPaths.Norm(Path.GetDirectoryName(Path.GetFullPath(inputs[k]))!);
            try
            {
                LedgerDatabase.Exec(c, $"ATTACH '{Path.GetFullPath(inputs[k]).Replace("'", "''", StringComparison.Ordinal)}' AS {alias} (READ_ONLY)");
            }
            catch (DuckDBException ex)
            {
                throw new LedgerException($"cannot open input ledger {inputs[k]}: {LedgerDatabase.FirstLine(ex.Message)}", ex);
            }
            try
            {
                if (LedgerDatabase.Scalar(c, $"SELECT count(*) FROM information_schema.tables WHERE table_catalog = '{alias}' AND table_name = 'runs'") is not long n || n == 0)
                    throw new LedgerException($"{inputs[k]} is not a provenance ledger (no runs table)");
                using var tx = c.BeginTransaction();
                // a run is copied when the output lacks it, or holds an older attempt of it (e.g. a task that had
                // crashed when it was first merged and has since been rerun): that copy is replaced
                LedgerDatabase.Exec(c, $"""
                    CREATE TEMP TABLE new_runs AS SELECT i.run_id, i.status FROM {alias}.runs i
                    WHERE NOT EXISTS (SELECT 1 FROM main.runs o WHERE o.run_id = i.run_id
                                      AND o.status IS NOT DISTINCT FROM i.status AND o.attempts IS NOT DISTINCT FROM i.attempts)
                    """);
                foreach (var t in LedgerSchema.Tables)
                    LedgerDatabase.Exec(c, $"DELETE FROM main.{t} WHERE run_id IN (SELECT run_id FROM new_runs)");
                long total = (long)LedgerDatabase.Scalar(c, $"SELECT count(*) FROM {alias}.runs")!;
                long fresh = (long)LedgerDatabase.Scalar(c, "SELECT count(*) FROM new_runs")!;
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = "SELECT run_id FROM new_runs WHERE status NOT IN ('completed', 'gate_failed') OR status IS NULL ORDER BY run_id";
                    using var r = cmd.ExecuteReader();
                    while (r.Read()) incomplete.Add(r.GetString(0));
                }
                foreach (var t in LedgerSchema.Tables)
                {
                    var cols = Columns(c, alias, t);
                    if (cols.Count == 0) continue;
                    var list = string.Join(", ", cols);
                    LedgerDatabase.Exec(c, $"INSERT INTO main.{t} ({list}) SELECT {list} FROM {alias}.{t} WHERE run_id IN (SELECT run_id FROM new_runs)");
                    if (inDir != outDir && LedgerSchema.PathColumns.TryGetValue(t, out var pathColumns))
                        foreach (var col in pathColumns.Where(p => cols.Contains($"\"{p}\"")))
                            LedgerDatabase.Exec(c, Rebase(t, col), inDir, outDir);
                }
                LedgerDatabase.Exec(c, "DROP TABLE new_runs");
                tx.Commit();
                added += (int)fresh;
                skipped += (int)(total - fresh);
            }
            finally
            {
                LedgerDatabase.Exec(c, $"DETACH {alias}");
            }
        }
        return new Result(added, skipped, incomplete);
    }

    /// <summary>
    /// SQL turning the relative paths in <paramref name="column"/> of the runs just copied (relative to the input's folder,
    /// $1) into paths relative to the output's folder ($2) when inside it, else absolute. A stored relative path never
    /// climbs (<see cref="LedgerPaths"/> only relativizes paths inside the folder), so joining the folders is exact.
    /// </summary>
    private static string Rebase(string table, string column)
    {
        var q = $"\"{column}\"";
        var abs = $"(CASE WHEN {q} = '.' THEN $1 ELSE $1 || '/' || {q} END)";
        return $"""
            UPDATE main.{table} SET {q} = CASE WHEN {abs} = $2 THEN '.' WHEN starts_with({abs}, $2 || '/') THEN substr({abs}, length($2) + 2) ELSE {abs} END
            WHERE run_id IN (SELECT run_id FROM new_runs) AND coalesce({q}, '') <> ''
              AND NOT (starts_with({q}, '/') OR starts_with({q}, '\') OR regexp_matches({q}, '^[A-Za-z]:[\\/]'))
            """;
    }

    /// <summary>Columns of <paramref name="table"/> present in both the input and the output (older ledgers may lack some).</summary>
    private static List<string> Columns(DuckDBConnection c, string alias, string table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT i.column_name FROM information_schema.columns i
            JOIN information_schema.columns o ON o.table_catalog = current_database() AND o.table_schema = 'main'
                 AND o.table_name = i.table_name AND o.column_name = i.column_name
            WHERE i.table_catalog = $1 AND i.table_schema = 'main' AND i.table_name = $2
            ORDER BY o.ordinal_position
            """;
        cmd.Parameters.Add(new DuckDBParameter(alias));
        cmd.Parameters.Add(new DuckDBParameter(table));
        using var r = cmd.ExecuteReader();
        var cols = new List<string>();
        while (r.Read()) cols.Add($"\"{r.GetString(0)}\"");
        return cols;
    }
}
