namespace Pipeline.Provenance;

/// <summary>
/// How the ledger stores the paths of files a run wrote (the columns <see cref="LedgerSchema.PathColumns"/> lists): a
/// path inside the ledger's own folder (the run folder) relative to it, <c>/</c>-separated, so a moved or copied run
/// folder still finds its files; any other path as given (docs/outputs.md).
/// </summary>
internal sealed class LedgerPaths
{
    private readonly string _folder;
    private string? _lastIn;
    private string? _lastOut;

    /// <summary>Paths relative to <paramref name="folder"/> (the ledger's folder).</summary>
    public LedgerPaths(string folder) => _folder = Norm(folder);

    /// <summary>
    /// <paramref name="path"/> as stored: relative to the folder when it is an absolute path inside it (the folder
    /// itself is <c>.</c>), else unchanged. The same string asked twice in a row is answered from the last answer.
    /// </summary>
    public string? Relative(string? path)
    {
        if (path is null || path.Length == 0) return path;
        if (ReferenceEquals(path, _lastIn)) return _lastOut;
        var result = path;
        if (Path.IsPathRooted(path))
        {
            var p = Norm(path);
            if (p == _folder) result = ".";
            else if (p.StartsWith(_folder + "/", StringComparison.Ordinal)) result = p[(_folder.Length + 1)..];
        }
        _lastIn = path;
        _lastOut = result;
        return result;
    }

    /// <summary>Where a stored <paramref name="path"/> is: a relative one under <paramref name="folder"/>, an absolute one as it is.</summary>
    public static string Resolve(string folder, string path) =>
        path.Length == 0 || Path.IsPathRooted(path) ? path : Norm(Path.Combine(folder, path));

    /// <summary>The full path, <c>/</c>-separated, without a trailing separator.</summary>
    public static string Norm(string p)
    {
        var full = Path.GetFullPath(p).Replace('\\', '/');
        return full.Length > 1 && full.EndsWith('/') && !full.EndsWith(":/", StringComparison.Ordinal) ? full.TrimEnd('/') : full;
    }
}
