namespace Pipeline.Core.Util;

/// <summary>
/// Writes to "name.tmp-PID" and renames to the final name on <see cref="Commit"/>; disposing without
/// committing deletes the temporary, so a half-written file never looks final.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private bool _done;

    /// <summary>Creates the temporary (folders included) for <paramref name="finalPath"/>.</summary>
    public AtomicFile(string finalPath, int bufferSize = 1 << 16)
    {
        FinalPath = Path.GetFullPath(finalPath);
        Directory.CreateDirectory(Path.GetDirectoryName(FinalPath)!);
        TempPath = $"{FinalPath}.tmp-{Environment.ProcessId}";
        Stream = new FileStream(TempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize);
    }

    /// <summary>
    /// True for a temporary name of this class ("name.tmp-PID"): the leftover of a task killed while writing
    /// (SIGKILL, OOM, eviction). Folder and glob inputs skip such files.
    /// </summary>
    public static bool IsTemporaryPath(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        int at = name.LastIndexOf(".tmp-", StringComparison.Ordinal);
        if (at < 0 || at + 5 == name.Length) return false;
        foreach (var c in name[(at + 5)..]) if (c is < '0' or > '9') return false;
        return true;
    }

    /// <summary>The published name.</summary>
    public string FinalPath { get; }

    /// <summary>The temporary name being written.</summary>
    public string TempPath { get; }

    /// <summary>The stream to write.</summary>
    public FileStream Stream { get; }

    /// <summary>Flushes to disk and renames into place (replacing an older file).</summary>
    public void Commit()
    {
        if (_done) return;
        Stream.Flush(true);
        Stream.Dispose();
        File.Move(TempPath, FinalPath, overwrite: true);
        _done = true;
    }

    /// <summary>Deletes the temporary unless committed.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Stream.Dispose();
        try { File.Delete(TempPath); } catch (IOException) { }
    }
}
