namespace Pipeline.Core.Util;

/// <summary>Deterministic split of input files across scheduler tasks.</summary>
public static class TaskSharding
{
    /// <summary>Files whose index modulo <paramref name="taskCount"/> equals <paramref name="taskIndex"/> (input sorted first).</summary>
    public static IReadOnlyList<string> Share(IReadOnlyList<string> files, int taskIndex, int taskCount)
    {
        if (taskCount <= 1) return files;
        var sorted = files.Order(StringComparer.Ordinal).ToList();
        var share = new List<string>();
        for (int i = taskIndex; i < sorted.Count; i += taskCount) share.Add(sorted[i]);
        return share;
    }

    /// <summary>For generators: the half-open range of item indices [start, end) of <paramref name="total"/> that belongs to a task.</summary>
    public static (long Start, long End) Range(long total, int taskIndex, int taskCount)
    {
        if (taskCount <= 1) return (0, total);
        long start = total * taskIndex / taskCount;
        long end = total * (taskIndex + 1) / taskCount;
        return (start, end);
    }
}
