using Pipeline.Core.Running;

namespace Pipeline.Cli;

/// <summary>Reports task-set checks of a global step's inputs: an incomplete or foreign set stops it unless --allow-partial.</summary>
internal static class TaskSetGate
{
    /// <summary>True to go on. Writes an error (stop) or a warning (--allow-partial) per incomplete set.</summary>
    public static bool Pass(IEnumerable<TaskSetGroup> sets, string what, bool allowPartial, CommandContext ctx)
    {
        foreach (var group in sets)
        {
            var set = group.Report;
            if (set.Complete) continue;
            var label = group.DagName.Length > 0 ? $"{what} of {group.Label}" : what;
            if (!allowPartial)
            {
                ctx.Error.WriteLine($"error: {set.Describe(label)}; rerun the missing tasks (or leave out foreign files), or pass --allow-partial to use what is there");
                return false;
            }
            ctx.Error.WriteLine($"warning: {set.Describe(label)}; going on with what is there (--allow-partial)");
        }
        return true;
    }
}
