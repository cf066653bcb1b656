namespace Pipeline.Core.Util;

/// <summary>
/// Deterministic split of inputs across scheduler tasks. Files are sorted (ordinal) and cut into contiguous blocks,
/// task k taking files [F·k/N, F·(k+1)/N); generators split their index range the same way. Concatenating the
/// tasks' inputs in task order therefore gives the single-process input order, which is what makes staged dedup
/// (decisions in global input order) keep the same documents for any task count. Blocks are balanced by file count,
/// not size: the assignment depends only on the sorted names, so replacing a corrupt file with a repaired one of a
/// different size never moves other files between tasks (a rerun of that one index completes the run).
/// </summary>
public static class TaskSharding
{
    /// <summary>This task's contiguous block of <paramref name="files"/> (sorted and de-duplicated first, also when not split).</summary>
    public static IReadOnlyList<string> Share(IReadOnlyList<string> files, int taskIndex, int taskCount)
    {
        var sorted = files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (taskCount <= 1) return sorted;
        var (start, end) = Range(sorted.Count, taskIndex, taskCount);
        return sorted.GetRange((int)start, (int)(end - start));
    }

    /// <summary>For generators: the half-open range of item indices [start, end) of <paramref name="total"/> that belongs to a task.</summary>
    public static (long Start, long End) Range(long total, int taskIndex, int taskCount)
    {
        if (taskCount <= 1) return (0, total);
        long start = (long)((Int128)total * taskIndex / taskCount);
        long end = (long)((Int128)total * (taskIndex + 1) / taskCount);
        return (start, end);
    }
}
