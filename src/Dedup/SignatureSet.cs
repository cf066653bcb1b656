using Pipeline.Core.Running;

namespace Pipeline.Dedup;

/// <summary>The task set of signature files given to <c>pipeline dedup cluster</c>, from their headers.</summary>
public static class SignatureSet
{
    /// <summary>Reads each file's header (task index, task count, DAG hash) and checks the files form one complete set.</summary>
    /// <exception cref="InvalidDataException">A file is not a signature file.</exception>
    public static TaskSetReport Check(IReadOnlyList<string> paths) => Check(paths, p =>
    {
        using var s = File.OpenRead(p);
        var h = SignatureFile.ReadHeader(s, p);
        return new TaskFile(p, h.TaskIndex, h.TaskCount, h.DagHash);
    });

    /// <summary>The same check for the hash files of staged exact dedup.</summary>
    /// <exception cref="InvalidDataException">A file is not an exact hash file.</exception>
    public static TaskSetReport CheckExact(IReadOnlyList<string> paths) => Check(paths, p =>
    {
        using var handle = File.OpenHandle(p);
        var h = ExactHashFile.ReadHeader(handle, p);
        return new TaskFile(p, h.TaskIndex, h.TaskCount, h.DagHash);
    });

    /// <summary>The same check for the edge files of the bucket tasks (share index, share count, DAG hash).</summary>
    /// <exception cref="InvalidDataException">A file is not an edge file.</exception>
    public static TaskSetReport CheckEdges(IReadOnlyList<string> paths) => Check(paths, p =>
    {
        using var s = File.OpenRead(p);
        var h = EdgeFile.ReadHeader(s, p);
        return new TaskFile(p, h.Share, h.Shares, h.DagHash);
    });

    private static TaskSetReport Check(IReadOnlyList<string> paths, Func<string, TaskFile> read)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return TaskSet.Check(paths.Select(read).ToList());
    }
}
