using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>
/// Where a moved or copied run folder is now. The ledger records the paths a run wrote as they were (absolute, under
/// the run's <c>output_dir</c>); a ledger lives in its run folder, so a recorded path under a recorded output folder that
/// no longer exists is looked for under the ledger's own folder instead (docs/outputs.md). Paths that exist, or whose
/// rebased form does not, are returned unchanged.
/// </summary>
internal sealed class RunFolderMap
{
    private readonly List<(string Recorded, string Current)> _moves;

    private RunFolderMap(List<(string Recorded, string Current)> moves) => _moves = moves;

    /// <summary>The recorded output folders of <paramref name="c"/>'s runs, mapped to the folder of <paramref name="ledgerPath"/>.</summary>
    public static RunFolderMap Load(DuckDBConnection c, string ledgerPath)
    {
        var current = Norm(Path.GetDirectoryName(Path.GetFullPath(ledgerPath))!);
        var moves = new List<(string, string)>();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT output_dir FROM runs WHERE output_dir IS NOT NULL";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var recorded = Norm(r.GetString(0));
            if (recorded != current) moves.Add((recorded, current));
        }
        // the longest recorded folder first, so a nested output folder wins over its parent
        moves.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        return new RunFolderMap(moves);
    }

    /// <summary>Where <paramref name="path"/> is now.</summary>
    public string Resolve(string path)
    {
        if (_moves.Count == 0 || File.Exists(path) || Directory.Exists(path)) return path;
        var p = Norm(path);
        foreach (var (recorded, current) in _moves)
        {
            if (p != recorded && !p.StartsWith(recorded + "/", StringComparison.Ordinal)) continue;
            var candidate = current + p[recorded.Length..];
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        return path;
    }

    /// <summary>Resolves the paths in column <paramref name="column"/> of <paramref name="table"/> in place.</summary>
    public void Apply(ResultTable table, int column)
    {
        foreach (var row in table.Rows)
            if (row[column] is string s) row[column] = Resolve(s);
    }

    private static string Norm(string p) => Path.GetFullPath(p).Replace('\\', '/').TrimEnd('/');
}
