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
