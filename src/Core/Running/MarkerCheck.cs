using Pipeline.Core.Dag;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>What a task run does about completion markers before it starts (see <see cref="TaskMarker"/>).</summary>
internal static class MarkerCheck
{
    /// <summary>
    /// Skip (this task completed with this DAG), refuse (the folder holds this task from another DAG, or tasks of
    /// another task count) or go on (null); going on removes this task's old marker first, so a failed rerun leaves none.
    /// </summary>
    public static RunResult? Check(DagPlan plan, RunOptions options, string marker)
    {
        var hash = plan.File.Hash;
        string what = $"{(options.Stage > 0 ? $"stage {options.Stage} " : "")}task {options.TaskIndex}/{options.TaskCount}";
        RunResult Result(RunStatus status, Exception? error = null) =>
            new(status, [], new Dictionary<string, IReadOnlyList<Artifact>>(), TimeSpan.Zero, error, null);
        var all = TaskMarker.ReadAll(plan.File.OutputDir, options.Stage);
        var own = TaskMarker.Read(marker);
        if (!options.Force)
        {
            var otherCount = all.FirstOrDefault(m => m.Marker.TaskCount != options.TaskCount);
            if (otherCount.Path is not null)
                return Result(RunStatus.Refused, new InvalidOperationException(
                    $"{plan.File.OutputDir} holds tasks of a run split into {otherCount.Marker.TaskCount} ({otherCount.Path}), not {options.TaskCount}: " +
                    "changing the task count needs a fresh output_dir (per-task outputs of the two runs would mix)"));
            if (own is not null && own.DagHash != hash)
                return Result(RunStatus.Refused, new InvalidOperationException(
                    $"{what} completed with another version of the DAG (hash {Short(own.DagHash)}, now {Short(hash)}; {marker}): " +
                    "rerun it with --force to redo it with this DAG (the other tasks then need --force too), or use a fresh output_dir"));
            if (own is not null)
            {
                options.Log.Info($"{what} already completed ({marker}); use --force to run it again");
                return Result(RunStatus.Skipped);
            }
        }
        if (File.Exists(marker)) File.Delete(marker);
        return null;

        static string Short(string h) => h.Length == 0 ? "unknown" : h[..Math.Min(12, h.Length)];
    }
}
