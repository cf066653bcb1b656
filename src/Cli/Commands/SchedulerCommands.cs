using System.CommandLine;
using System.Diagnostics;
using Pipeline.Core.Running;

namespace Pipeline.Cli.Commands;

/// <summary>submit slurm, submit k8s, stats merge.</summary>
internal static class SchedulerCommands
{
    public static IEnumerable<Command> All() =>
    [
        new CliCommand("submit", "Write (and submit) the scheduler jobs of a task-split run of a DAG") { Slurm(), Kubernetes() },
        new CliCommand("stats", "Combine per-task stats files") { StatsMerge() },
    ];

    /// <summary>What both schedulers take: the DAG, the task count and the command the jobs run.</summary>
    private sealed class SubmitOptions
    {
        public Argument<string> Dag { get; } = CliOptions.Positional("DAG", "The DAG file (JSON)");
        public Option<int> Tasks { get; } = CliOptions.Value("--tasks", "N", "The number of array tasks (required, at least 1)", 0);
        public Option<string?> Pipeline { get; } = CliOptions.Value<string?>("--pipeline", "CMD", "The command the jobs run (default: this pipeline)");
        public Option<string?> MemoryPerTask { get; } = CliOptions.Value<string?>("--memory-per-task", "SIZE",
            "Memory of each bucket and clustering task (default 2G): sets the number of bucket tasks; the jobs request it and stop with exit 1 rather than exceed it");
        public Option<int?> BucketTasks { get; } = CliOptions.Value<int?>("--bucket-tasks", "M", "The number of bucket tasks (default: chosen from --memory-per-task and the document count; without a count, N)");
        public Option<long?> Documents { get; } = CliOptions.Value<long?>("--documents", "D", "The number of documents (default: the DAG's synthetic generator counts)");

        public void AddTo(Command c)
        {
            c.Add(Dag);
            c.Add(Tasks);
            c.Add(Pipeline);
            c.Add(MemoryPerTask);
            c.Add(BucketTasks);
            c.Add(Documents);
        }

        public SubmitPlan Prepare(ParseResult r, CommandContext ctx)
        {
            int tasks = r.GetValue(Tasks);
            if (tasks < 1) throw new UsageException("--tasks N is required (N >= 1): the number of array tasks");
            var pipeline = r.GetValue(Pipeline) is { } p ? p.Split(' ', StringSplitOptions.RemoveEmptyEntries) : DefaultPipeline();
            long memory = ByteSize.Parse(r, MemoryPerTask) ?? 2L << 30;
            int bucketTasks = r.GetValue(BucketTasks) ?? 0;
            if (r.GetValue(BucketTasks) is < 1) throw new UsageException("--bucket-tasks must be at least 1");
            long documents = r.GetValue(Documents) ?? 0;
            if (r.GetValue(Documents) is < 1) throw new UsageException($"--documents expects a positive number, got {documents}");
            var plan = CoreCommands.LoadPlan(r.GetValue(Dag)!, ctx);
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
            return new SubmitPlan(plan, tasks, pipeline, bucketTasks, memory);
        }
    }

    private static CliCommand Slurm()
    {
        var submit = new SubmitOptions();
        var dryRun = CliOptions.Flag("--dry-run", "Only write the scripts");
        var sbatch = CliOptions.Rest("SBATCH-OPTIONS", "After --: options for every sbatch call (e.g. -- --partition=cpu --time=02:00:00)");
        var command = new CliCommand("slurm", "Write the sbatch scripts of a task-split run of a DAG and submit them chained with afterok. " +
            "Writes output_dir/_submit/{stage1,buckets,cluster,stage3,merge}.sbatch for a staged DAG ({tasks,merge}.sbatch otherwise): an array of N tasks, " +
            "an array of M bucket tasks (each a share of the LSH buckets), the clustering of their edges, an array of N tasks, then the ledger and stats merge; " +
            "each job depends on the previous one (afterok). The bucket and cluster jobs request --memory-per-task (--mem). " +
            "Prints each job's id. Task logs: output_dir/_logs/JOB/task-I.log")
        {
            dryRun,
        };
        submit.AddTo(command);
        command.Add(sbatch);
        return command.Handle((r, ctx) => SlurmAsync(submit.Prepare(r, ctx), r.GetValue(dryRun), r.GetValue(sbatch) ?? [], ctx));
    }

    private static CliCommand Kubernetes()
    {
        var submit = new SubmitOptions();
        var image = CliOptions.Value("--image", "IMAGE", "The container image", "pipeline:latest");
        var claim = CliOptions.Value("--claim", "PVC", "The volume claim", "pipeline-data");
        var mount = CliOptions.Value("--mount", "PATH", "Where the claim is mounted (the DAG and output_dir must be there)", "/");
        var command = new CliCommand("k8s", "Write Kubernetes Indexed Job manifests for a task-split run of a DAG: output_dir/_submit/k8s/{stage1,buckets,cluster,stage3,merge}.yaml " +
            "(Indexed Jobs for the arrays, with PIPELINE_TASK_COUNT=N) and apply.sh, which applies them in order, waiting for each to complete")
        {
            image, claim, mount,
        };
        submit.AddTo(command);
        return command.Handle((r, ctx) =>
        {
            var plan = submit.Prepare(r, ctx);
            foreach (var p in plan.WriteKubernetes(r.GetValue(image)!, r.GetValue(claim)!, r.GetValue(mount)!)) ctx.Out.WriteLine($"wrote {p}");
            return 0;
        });
    }

    private static CliCommand StatsMerge()
    {
        var output = new Option<string>("--output") { Description = "The merged stats file", HelpName = "stats.json", Required = true };
        var allowPartial = CliOptions.Flag("--allow-partial", "Merge even when the inputs are not, per stage, exactly tasks 0..N-1 of one task count and one DAG (otherwise exit 2)");
        var inputs = CliOptions.Rest("INPUT", "Per-task stats files (e.g. out/run/stats.task-*.json)");
        return new CliCommand("merge", "Combine per-task stats files into one stats.json for the whole run: each step's counters summed over the tasks (wall time: the slowest task)")
        {
            output, allowPartial, inputs,
        }.Handle((r, ctx) => StatsMerge(r.GetValue(output)!, r.GetValue(allowPartial), r.GetValue(inputs) ?? [], ctx));
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

    private static async Task<int> SlurmAsync(SubmitPlan plan, bool dryRun, string[] sbatchOptions, CommandContext ctx)
    {
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

    private static int StatsMerge(string output, bool allowPartial, string[] positionals, CommandContext ctx)
    {
        if (positionals.Length == 0) throw new UsageException("give the stats files to merge (e.g. out/run/stats.task-*.json)");
        var full = Path.GetFullPath(output);
        var inputs = positionals.Where(p => Path.GetFullPath(p) != full).ToList();
        try
        {
            if (!TaskSetGate.Pass(Core.Running.StatsMerge.Check(inputs), "stats files", allowPartial, ctx)) return 2;
            int steps = Core.Running.StatsMerge.Merge(inputs, full);
            ctx.Out.WriteLine($"merged {inputs.Count} stats file(s), {steps} step(s) into {output}");
            return 0;
        }
        catch (InvalidDataException ex)
        {
            ctx.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
