using System.Diagnostics;

namespace Pipeline.Core.Running;

/// <summary>
/// Holds output_dir for one run (one task of it): an exclusive lock on "output_dir/.lock{task}" for as long as the run
/// lasts (released by the OS when the process dies), so a second run of the same task on the same folder refuses
/// instead of redoing the work on the same files, with or without a ledger. Taking it also checks that output_dir
/// can be created and written, and removes temporaries ("name.tmp-PID") left by earlier runs whose process is gone.
/// </summary>
public sealed class OutputDirLock : IDisposable
{
    private readonly FileStream _stream;

    private OutputDirLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock of task <paramref name="taskSuffix"/> on <paramref name="outputDir"/>; throws <see cref="RunSetupException"/> with the cause.</summary>
    public static OutputDirLock Acquire(string outputDir, string taskSuffix, bool shareWithOtherTasks)
    {
        if (File.Exists(outputDir))
            throw new RunSetupException($"output_dir '{outputDir}' is an existing file, not a folder; remove it or choose another output_dir");
        try
        {
            Directory.CreateDirectory(outputDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunSetupException($"cannot create output_dir '{outputDir}': {ex.Message}", ex);
        }
        var path = System.IO.Path.Combine(outputDir, $".lock{taskSuffix}");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RunSetupException($"output_dir '{outputDir}' is not writable: {ex.Message}", ex);
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new RunSetupException($"output_dir '{outputDir}' is in use by another run (lock {path} is held); wait for that run to end or use another output_dir", ex);
        }
        catch (IOException ex)
        {
            throw new RunSetupException($"output_dir '{outputDir}' is not writable: {ex.Message}", ex);
        }
        try
        {
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(pid);
            stream.Flush(true);
        }
        catch (IOException ex)
        {
            stream.Dispose();
            throw new RunSetupException($"output_dir '{outputDir}' is not writable: {ex.Message}", ex);
        }
        RemoveStaleTemporaries(outputDir, shareWithOtherTasks);
        return new OutputDirLock(stream, path);
    }

    /// <summary>
    /// Deletes "*.tmp-PID" files under <paramref name="outputDir"/> whose PID is not a running process. When other tasks
    /// may share the folder (possibly from other machines, whose PIDs mean nothing here) only files untouched for an hour go.
    /// </summary>
    public static int RemoveStaleTemporaries(string outputDir, bool shareWithOtherTasks)
    {
        int removed = 0;
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(outputDir, "*.tmp-*", SearchOption.AllDirectories).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var f in files)
        {
            var name = System.IO.Path.GetFileName(f);
            int at = name.LastIndexOf(".tmp-", StringComparison.Ordinal);
            if (!int.TryParse(name.AsSpan(at + 5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                if (shareWithOtherTasks && DateTime.UtcNow - File.GetLastWriteTimeUtc(f) < TimeSpan.FromHours(1)) continue;
                if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
                else File.Delete(f);
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Releases the lock (the file stays; it means nothing while unlocked).</summary>
    public void Dispose() => _stream.Dispose();
}
