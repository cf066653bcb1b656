using System.Diagnostics;
using Pipeline.Core.Running;

namespace Pipeline.Cli.Commands;

/// <summary>submit slurm, submit k8s, stats merge.</summary>
internal static class SchedulerCommands
{
    public static IEnumerable<CliCommand> All() =>
    [
        new("submit slurm", "Write the sbatch scripts of a task-split run of a DAG and submit them chained with afterok",
            "submit slurm DAG.json --tasks N [--memory-per-task SIZE] [--bucket-tasks M] [--documents D] [--dry-run] [--pipeline CMD]\n" +
            "      [-- SBATCH OPTIONS...]\n" +
            "  Writes output_dir/_submit/{stage1,buckets,cluster,stage3,merge}.sbatch for a staged DAG ({tasks,merge}.sbatch\n" +
            "  otherwise): an array of N tasks, an array of M bucket tasks (each a share of the LSH buckets), the clustering of\n" +
            "  their edges, an array of N tasks, then the ledger and stats merge; each job depends on the previous one (afterok).\n" +
            "  M: --bucket-tasks, else chosen so that each bucket task fits --memory-per-task (default 2G) for D documents\n" +
            "  (--documents, else the DAG's synthetic generator counts; without either M = N). The bucket and cluster jobs\n" +
            "  request that memory (--mem) and stop with exit 1 rather than exceed it.\n" +
            "  Prints each job's id. Task logs: output_dir/_logs/JOB/task-I.log.\n" +
            "  Options after -- go to every sbatch call (e.g. -- --partition=cpu --time=02:00:00). --dry-run only writes.\n" +
            "  --pipeline sets the command the scripts run (default: this pipeline).",
            new HashSet<string> { "dry-run" }, SlurmAsync),
        new("submit k8s", "Write Kubernetes Indexed Job manifests for a task-split run of a DAG",
            "submit k8s DAG.json --tasks N [--memory-per-task SIZE] [--bucket-tasks M] [--documents D] [--image IMAGE] [--claim PVC]\n" +
            "      [--mount PATH] [--pipeline CMD]\n" +
            "  Writes output_dir/_submit/k8s/{stage1,buckets,cluster,stage3,merge}.yaml (Indexed Jobs for the arrays, with\n" +
            "  PIPELINE_TASK_COUNT=N) and apply.sh, which applies them in order, waiting for each to complete.\n" +
            "  The volume claim (default pipeline-data) is mounted at PATH (default /), where the DAG and output_dir must be.",
            new HashSet<string>(), KubernetesAsync),
        new("stats merge", "Combine per-task stats files into one stats.json for the whole run",
            "stats merge --output stats.json [--allow-partial] INPUT.json...\n" +
            "  Sums each step's counters over the tasks (wall time: the slowest task). The inputs must be, per stage, exactly\n" +
            "  tasks 0..N-1 of one task count and one DAG: otherwise exit 2 naming what is missing or foreign, unless --allow-partial.",
            new HashSet<string> { "allow-partial" }, StatsMergeAsync),
    ];

    private static (SubmitPlan Plan, int Tasks) Prepare(CliArgs args, CommandContext ctx, out string dag)
    {
        dag = args.Positional(0, "DAG");
        int tasks = args.GetInt("tasks", 0);
        if (tasks < 1) throw new UsageException("--tasks N is required (N >= 1): the number of array tasks");
        var pipeline = args.Get("pipeline") is { } p ? p.Split(' ', StringSplitOptions.RemoveEmptyEntries) : DefaultPipeline();
        long memory = args.Get("memory-per-task") is { } m ? ByteSize.Parse(m, "--memory-per-task") : 2L << 30;
        int bucketTasks = args.GetInt("bucket-tasks", 0);
        long documents = args.Get("documents") is { } d ? long.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, out var dv) && dv > 0 ? dv
            : throw new UsageException($"--documents expects a positive number, got '{d}'") : 0;
        if (args.Get("bucket-tasks") is not null && bucketTasks < 1) throw new UsageException("--bucket-tasks must be at least 1");
        var plan = CoreCommands.LoadPlan(dag, ctx);
        if (bucketTasks == 0)
        {
            if (documents == 0) documents = StagedDag.GeneratedDocuments(plan);
            try
            {
                bucketTasks = documents > 0 ? Dedup.MinHashBuckets.TasksFor(documents, memory) : tasks;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
        return (new SubmitPlan(plan, tasks, pipeline, bucketTasks, memory), tasks);
    }

    /// <summary>This very pipeline: the apphost, or dotnet with the pipeline assembly.</summary>
    private static string[] DefaultPipeline()
    {
        var dll = typeof(SchedulerCommands).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(host);
        if (name == "pipeline") return [host];
        return [name == "dotnet" ? host : "dotnet", dll];
    }

    private static async Task<int> SlurmAsync(CliArgs args, CommandContext ctx)
    {
        bool dryRun = args.Has("dry-run");
        var (plan, tasks) = Prepare(args, ctx, out _);
        var sbatchOptions = args.Positionals.Skip(1).ToList();
        args.RejectUnknown();
        var scripts = plan.WriteSlurm();
        foreach (var job in plan.Jobs) Directory.CreateDirectory(job.Array ? Path.Combine(plan.LogFolder, job.Name) : plan.LogFolder);
        if (dryRun)
        {
            foreach (var s in scripts) ctx.Out.WriteLine($"wrote {s}");
            ctx.Out.WriteLine("dry run: nothing submitted (submit with: sbatch --parsable [--dependency=afterok:PREVIOUS] SCRIPT, in this order)");
            return 0;
        }
        string? previous = null;
        var ids = new List<string>();
        for (int i = 0; i < scripts.Count; i++)
        {
            var sbatchArgs = new List<string> { "--parsable" };
            sbatchArgs.AddRange(sbatchOptions);
            if (previous is not null) sbatchArgs.Add($"--dependency=afterok:{previous}");
            sbatchArgs.Add(scripts[i]);
            var (code, stdout, stderr) = await RunAsync("sbatch", sbatchArgs, ctx.CancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                ctx.Error.WriteLine($"error: sbatch {scripts[i]} failed ({code}): {stderr.Trim()}");
                if (ids.Count > 0) ctx.Error.WriteLine($"already submitted: {string.Join(", ", ids)} (scancel them, or let them run and submit the rest by hand)");
                return code == 127 ? 2 : 1;
            }
            previous = stdout.Trim().Split(';')[0];
            ids.Add(previous);
            var job = plan.Jobs[i];
            ctx.Out.WriteLine($"{job.Name}\t{previous}\t{(job.Array ? $"array 0-{plan.TasksOf(job) - 1}, logs {Path.Combine(plan.LogFolder, job.Name)}/task-I.log" : $"log {plan.LogPath(job, null)}")}");
        }
        File.WriteAllLines(Path.Combine(plan.SubmitFolder, "jobs.tsv"), plan.Jobs.Select((j, i) => $"{j.Name}\t{ids[i]}"));
        return 0;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(string exe, IReadOnlyList<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, "", $"{exe} not found on PATH (is this a Slurm login node? --dry-run writes the scripts only)");
        }
        using (p)
        {
            var o = p.StandardOutput.ReadToEndAsync(ct);
            var e = p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            return (p.ExitCode, await o.ConfigureAwait(false), await e.ConfigureAwait(false));
        }
    }

    private static Task<int> KubernetesAsync(CliArgs args, CommandContext ctx)
    {
        var (plan, _) = Prepare(args, ctx, out _);
        var image = args.Get("image") ?? "pipeline:latest";
        var claim = args.Get("claim") ?? "pipeline-data";
        var mount = args.Get("mount") ?? "/";
        args.RejectUnknown();
        if (args.Positionals.Count > 1) throw new UsageException($"unexpected argument {args.Positionals[1]}");
        foreach (var p in plan.WriteKubernetes(image, claim, mount)) ctx.Out.WriteLine($"wrote {p}");
        return Task.FromResult(0);
    }

    private static Task<int> StatsMergeAsync(CliArgs args, CommandContext ctx)
    {
        var output = args.Require("output");
        bool allowPartial = args.Has("allow-partial");
        args.RejectUnknown();
        if (args.Positionals.Count == 0) throw new UsageException("give the stats files to merge (e.g. out/run/stats.task-*.json)");
        var full = Path.GetFullPath(output);
        var inputs = args.Positionals.Where(p => Path.GetFullPath(p) != full).ToList();
        try
        {
            if (!TaskSetGate.Pass(StatsMerge.Check(inputs), "stats files", allowPartial, ctx)) return Task.FromResult(2);
            int steps = StatsMerge.Merge(inputs, full);
            ctx.Out.WriteLine($"merged {inputs.Count} stats file(s), {steps} step(s) into {output}");
            return Task.FromResult(0);
        }
        catch (InvalidDataException ex)
        {
            ctx.Error.WriteLine($"error: {ex.Message}");
            return Task.FromResult(2);
        }
    }
}
