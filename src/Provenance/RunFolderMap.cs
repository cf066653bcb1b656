using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>
/// Where the files a ledger records are now. The ledger stores the paths of files written inside its own folder (the
/// run folder) relative to that folder (<see cref="LedgerPaths"/>), so they resolve against the folder the ledger is in
/// now, wherever the run folder was moved or copied. Ledgers written by earlier versions store them absolute, under the
/// run's recorded <c>output_dir</c>: such a path that no longer exists is looked for under the ledger's own folder
/// instead (docs/outputs.md). Other absolute paths are returned unchanged.
/// </summary>
internal sealed class RunFolderMap
{
    private readonly string _current;
    private readonly List<(string Recorded, string Current)> _moves;

    private RunFolderMap(string current, List<(string Recorded, string Current)> moves)
    {
        _current = current;
        _moves = moves;
    }

    /// <summary>The folder of <paramref name="ledgerPath"/>, and the absolute output folders earlier versions recorded in <paramref name="c"/>'s runs.</summary>
    public static RunFolderMap Load(DuckDBConnection c, string ledgerPath)
    {
        var current = LedgerPaths.Norm(Path.GetDirectoryName(Path.GetFullPath(ledgerPath))!);
        var moves = new List<(string, string)>();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT output_dir FROM runs WHERE output_dir IS NOT NULL";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var dir = r.GetString(0);
            if (!Path.IsPathRooted(dir)) continue; // relative to the ledger's folder: resolved directly
            var recorded = LedgerPaths.Norm(dir);
            if (recorded != current) moves.Add((recorded, current));
        }
        // the longest recorded folder first, so a nested output folder wins over its parent
        moves.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        return new RunFolderMap(current, moves);
    }

    /// <summary>Where <paramref name="path"/> is now.</summary>
    public string Resolve(string path)
    {
        if (path.Length == 0) return path;
        if (!Path.IsPathRooted(path)) return LedgerPaths.Resolve(_current, path);
        if (_moves.Count == 0 || File.Exists(path) || Directory.Exists(path)) return path;
        var p = LedgerPaths.Norm(path);
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
}
