using System.Globalization;

namespace Pipeline.Cli;

/// <summary>
/// Which task of how many a `pipeline run` is, from flags or the scheduler's environment:
/// <list type="bullet">
/// <item>the count is <c>--task-count</c>, else <c>PIPELINE_TASK_COUNT</c>;</item>
/// <item>Slurm arrays: with a count, the index is <c>SLURM_ARRAY_TASK_ID</c> itself (so <c>sbatch --array=2</c> reruns
/// task 2 and stepped or sparse arrays work); without one, the array must be the dense range 0..N−1
/// (<c>SLURM_ARRAY_TASK_MIN</c> = 0, <c>MAX</c> = <c>COUNT</c> − 1) and N is <c>SLURM_ARRAY_TASK_COUNT</c>;</item>
/// <item>Kubernetes Indexed Jobs: the index is <c>JOB_COMPLETION_INDEX</c>, and a count is required (the Job's
/// <c>completions</c>, set as <c>PIPELINE_TASK_COUNT</c> or passed as <c>--task-count</c>).</item>
/// </list>
/// Anything ambiguous is a usage error (exit 2) naming the fix, never a silent "task 0 of 1".
/// </summary>
internal static class TaskIdentity
{
    public const string CountVariable = "PIPELINE_TASK_COUNT";

    public static (int Index, int Count) Resolve(string? indexFlag, string? countFlag, Func<string, string?> env)
    {
        int? count = countFlag is not null ? Parse(countFlag, "--task-count")
            : env(CountVariable) is { Length: > 0 } pc ? Parse(pc, CountVariable) : null;
        int? index = indexFlag is not null ? Parse(indexFlag, "--task-index") : null;
        if (index is null && env("SLURM_ARRAY_TASK_ID") is { Length: > 0 } sid)
        {
            int id = Parse(sid, "SLURM_ARRAY_TASK_ID");
            if (count is null)
            {
                int min = ParseEnv(env, "SLURM_ARRAY_TASK_MIN", id), max = ParseEnv(env, "SLURM_ARRAY_TASK_MAX", id);
                int n = ParseEnv(env, "SLURM_ARRAY_TASK_COUNT", 1), step = ParseEnv(env, "SLURM_ARRAY_TASK_STEP", 1);
                if (min != 0 || max != n - 1 || step != 1)
                    throw new UsageException(
                        $"this Slurm array ({min}-{max}, {n} task(s){(step != 1 ? $", step {step}" : "")}) is not the dense range 0..N-1, so the task count is unknown: " +
                        $"pass --task-count N (or set {CountVariable}); the index is then SLURM_ARRAY_TASK_ID itself (sbatch --array=2 reruns task 2)");
                count = n;
            }
            index = id;
        }
        else if (index is null && env("JOB_COMPLETION_INDEX") is { Length: > 0 } jci)
        {
            if (count is null)
                throw new UsageException($"JOB_COMPLETION_INDEX={jci} but no task count: pass --task-count N or set {CountVariable} to the Indexed Job's completions (every pod must know N)");
            index = Parse(jci, "JOB_COMPLETION_INDEX");
        }
        if (index is not null && count is null)
            throw new UsageException($"--task-index needs the task count: pass --task-count N (or set {CountVariable})");
        if (index is null && count is > 1)
            throw new UsageException($"task count {count} but no task index: pass --task-index I, or run as a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX)");
        int c = count ?? 1, i = index ?? 0;
        if (c < 1) throw new UsageException($"task count must be at least 1, got {c}");
        if (i < 0 || i >= c) throw new UsageException($"task index {i} is outside 0..{c - 1} (task count {c})");
        return (i, c);
    }

    private static int ParseEnv(Func<string, string?> env, string name, int fallback) =>
        env(name) is { Length: > 0 } v ? Parse(v, name) : fallback;

    private static int Parse(string s, string what) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new UsageException($"{what} must be an integer, got '{s}'");
}
