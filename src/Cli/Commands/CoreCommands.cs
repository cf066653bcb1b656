using System.CommandLine;
using System.Globalization;
using Pipeline.Core.Dag;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;

namespace Pipeline.Cli.Commands;

/// <summary>run, validate, steps, schema.</summary>
internal static class CoreCommands
{
    public static IEnumerable<Command> All() => [Run(), Validate(), Steps(), Schema()];

    private static CliCommand Run()
    {
        var dag = CliOptions.Positional("DAG", "The DAG file (JSON)");
        var taskIndex = CliOptions.Value<string?>("--task-index", "I",
            "This task's index; else SLURM_ARRAY_TASK_ID (without a count the array must be 0..N-1 and N is SLURM_ARRAY_TASK_COUNT), else JOB_COMPLETION_INDEX (a count is required)");
        var taskCount = CliOptions.Value<string?>("--task-count", "N", "The number of tasks; else PIPELINE_TASK_COUNT");
        var stage = CliOptions.Value<string?>("--stage", "1|3",
            "A staged DAG (dedup.minhash_signatures + dedup.minhash_filter) runs as tasks with --stage 1, then `pipeline dedup cluster --dag`, then --stage 3; without tasks and --stage, all three run here in turn");
        var force = CliOptions.Flag("--force", "Run a task even if it completed with another DAG or task count (refused with exit 2 otherwise)");
        var quiet = CliOptions.Flag("--quiet", "No progress and no stats table");
        var every = CliOptions.Value<double?>("--progress-every", "SECONDS",
            "Off a terminal a progress line is logged every SECONDS (default PIPELINE_PROGRESS_SECONDS, else 10)");
        var command = new CliCommand("run", "Run a DAG file (a completed task is skipped). Exit codes: 0 done, 1 failed (or a fail_on gate tripped), 2 usage/config error, 130 cancelled")
        {
            dag, taskIndex, taskCount, stage, force, quiet, every,
        };
        return command.Handle((r, ctx) => RunAsync(r.GetValue(dag)!, r.GetValue(taskIndex), r.GetValue(taskCount), r.GetValue(stage), r.GetValue(force), r.GetValue(quiet), r.GetValue(every), ctx));
    }

    private static CliCommand Validate()
    {
        var dag = CliOptions.Positional("DAG", "The DAG file (JSON)");
        return new CliCommand("validate", "Check a DAG file and report every error at once") { dag }
            .Handle((r, ctx) =>
            {
                var path = r.GetValue(dag)!;
                var plan = LoadPlan(path, ctx);
                ctx.Out.WriteLine($"{path}: ok ({plan.Steps.Count} steps)");
                return 0;
            });
    }

    private static CliCommand Steps()
    {
        var name = new Argument<string?>("NAME") { Description = "Show only this step (e.g. filters.pii)", Arity = ArgumentArity.ZeroOrOne };
        var json = CliOptions.Flag("--json", "Print JSON (names, kinds, ports, options with types, defaults and ranges)");
        return new CliCommand("steps", "List every step (or one) with its options, defaults and docs") { name, json }
            .Handle((r, ctx) => StepsView.Print(ctx, r.GetValue(name), r.GetValue(json)));
    }

    private static CliCommand Schema()
    {
        var output = CliOptions.Value<string?>("--output", "FILE", "Write the schema to FILE instead of standard output");
        return new CliCommand("schema", "Print the JSON Schema of DAG files, generated from the step registry") { output }
            .Handle((r, ctx) =>
            {
                var text = DagSchema.Build(ctx.Registry).ToJsonString(StepsView.PrintOptions);
                if (r.GetValue(output) is { } file) File.WriteAllText(file, text + "\n");
                else ctx.Out.WriteLine(text);
                return 0;
            });
    }

    internal static DagPlan LoadPlan(string path, CommandContext ctx)
    {
        var file = DagFile.Load(path);
        var (plan, errors) = DagValidator.Validate(file, ctx.Registry);
        // gate rules are checked before anything runs, not after hours of training
        var gateErrors = new List<DagError>();
        for (int i = 0; i < file.FailOn.Count; i++)
            if (Audit.GateRule.TryParse(file.FailOn[i], out var error) is null)
                gateErrors.Add(new DagError($"$.fail_on[{i}]", error ?? "not a rule like \"perplexity.sotu > 80\"", file.FailOn[i]));
        foreach (var (i, message) in Audit.AuditModule.GateMetricProblems(file.FailOn, file.Steps.Select(s => s.Uses)))
                gateErrors.Add(new DagError($"$.fail_on[{i}]", message, file.FailOn[i]));
        if (plan is null || gateErrors.Count > 0) throw new DagInvalidException(file.Path, [.. errors, .. gateErrors]);
        foreach (var w in plan.Warnings) ctx.Error.WriteLine($"{file.Path}: warning: {w}");
        return plan;
    }

    private static async Task<int> RunAsync(string path, string? indexFlag, string? countFlag, string? stageFlag, bool force, bool quiet, double? everyFlag, CommandContext ctx)
    {
        var (taskIndex, taskCount) = TaskIdentity.Resolve(indexFlag, countFlag, Environment.GetEnvironmentVariable);
        int stage = stageFlag switch
        {
            null => 0,
            "1" => 1,
            "3" => 3,
            var v => throw new UsageException($"--stage is 1 (up to the signatures) or 3 (from the removal filter on), got '{v}'"),
        };
        var every = ProgressEvery(everyFlag);
        var plan = LoadPlan(path, ctx);
        bool staged = StagedDag.IsStaged(plan);
        if (stage > 0 && !staged)
            throw new UsageException($"--stage {stage}: {path} is not a staged DAG (it has no {StagedDag.FilterStep} step)");
        if (staged && stage == 0)
        {
            if (taskCount > 1)
                throw new UsageException($"{path} is a staged DAG: run its tasks with --stage 1, then `pipeline dedup cluster --dag {path}`, then --stage 3 (or `pipeline submit`)");
            // one process: stage 1, the global clustering, stage 3
            int code = await RunStageAsync(plan, 1, 0, 1, force, quiet, every, ctx).ConfigureAwait(false);
            if (code != 0) return code;
            code = StagedDag.Cluster(plan, allowPartial: false, ctx);
            if (code != 0) return code;
            return await RunStageAsync(plan, 3, 0, 1, force, quiet, every, ctx).ConfigureAwait(false);
        }
        return await RunStageAsync(plan, stage, taskIndex, taskCount, force, quiet, every, ctx).ConfigureAwait(false);
    }

    private static async Task<int> RunStageAsync(DagPlan plan, int stage, int taskIndex, int taskCount, bool force, bool quiet, TimeSpan every, CommandContext ctx)
    {
        var log = new ConsoleRunLog(ctx.Error, quiet);
        var taskText = (stage > 0 ? $" stage {stage}" : "") + (taskCount > 1 ? $" task {taskIndex}/{taskCount}" : "");
        log.Info($"run {plan.File.Name}{taskText}: {plan.Steps.Count} steps -> {plan.File.OutputDir}");
        IReadOnlyList<StepStats>? live = null;
        var options = new RunOptions
        {
            TaskIndex = taskIndex,
            TaskCount = taskCount,
            Stage = stage,
            StageBoundary = stage > 0 ? StagedDag.Boundary : null,
            Force = force,
            Log = log,
            LedgerReaderFactory = Provenance.LedgerReader.For,
            LedgerFactory = Provenance.ProvenanceModule.LedgerFactory(new Provenance.LedgerOptions { RecordKeptEvents = plan.File.LedgerKeptEvents, Mappings = Registry.LedgerMappings() }),
            Version = typeof(CoreCommands).Assembly.GetName().Version?.ToString() ?? "0",
            OnStarted = s => live = s,
            Gates = plan.File.FailOn.Count > 0 && stage != 1 ? () => Audit.AuditModule.CheckGates(plan.File.FailOn, plan.File.OutputDir) : null,
        };
        using var progress = ProgressView.Start(() => live, log, ctx, quiet, every);
        var result = await DagRunner.RunAsync(plan, options, ctx.CancellationToken).ConfigureAwait(false);
        progress.Dispose();
        if (result.Status == RunStatus.Skipped) return 0;
        if (result.Status == RunStatus.Refused)
        {
            ctx.Error.WriteLine($"error: {result.Error?.Message}");
            return 2;
        }
        if (!quiet) StatsTable.Print(ctx.Out, result, ctx.Interactive && !Console.IsOutputRedirected ? Console.WindowWidth : 0);
        if (result.Status == RunStatus.Cancelled)
        {
            ctx.Error.WriteLine("cancelled; outputs already published are complete, unfinished ones were discarded");
            return 130;
        }
        if (result.Status == RunStatus.Failed)
        {
            ctx.Error.WriteLine($"error: {result.Error?.Message}");
            if (result.Error?.InnerException is { } inner && Environment.GetEnvironmentVariable("PIPELINE_DEBUG") == "1") ctx.Error.WriteLine(inner);
            return 1;
        }
        if (result.Status == RunStatus.GateFailed)
        {
            foreach (var g in result.Gates.Where(g => !g.Passed)) ctx.Error.WriteLine($"gate failed: {g.Rule} ({g.Detail})");
            ctx.Error.WriteLine($"run status gate_failed (recorded in {result.StatsPath}, audit/results.json and the ledger)");
            return 1;
        }
        if (result.Gates.Count > 0) ctx.Out.WriteLine($"gates passed: {result.Gates.Count}");
        ctx.Out.WriteLine($"done in {result.Wall.TotalSeconds:F1}s; stats: {result.StatsPath}");
        return 0;
    }

    private static TimeSpan ProgressEvery(double? flag)
    {
        double fallback = 10;
        if (Environment.GetEnvironmentVariable("PIPELINE_PROGRESS_SECONDS") is { Length: > 0 } env
            && !double.TryParse(env, NumberStyles.Float, CultureInfo.InvariantCulture, out fallback))
            throw new UsageException($"PIPELINE_PROGRESS_SECONDS must be a number of seconds, got '{env}'");
        double seconds = flag ?? fallback;
        if (!(seconds >= 0.1 && seconds <= 86_400)) throw new UsageException($"--progress-every must be between 0.1 and 86400 seconds, got {seconds}");
        return TimeSpan.FromSeconds(seconds);
    }
}
