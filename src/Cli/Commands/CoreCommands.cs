using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Dag;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;

namespace Pipeline.Cli.Commands;

/// <summary>run, validate, steps, schema.</summary>
internal static class CoreCommands
{
    private static readonly HashSet<string> NoFlags = [];

    public static IEnumerable<CliCommand> All() =>
    [
        new("run", "Run a DAG file", "run DAG.json [--task-index I] [--task-count N] [--stage 1|3] [--force] [--quiet] [--progress-every SECONDS]\n" +
            "  Off a terminal a progress line is logged every SECONDS (default PIPELINE_PROGRESS_SECONDS, else 10).\n" +
            "  Task count: --task-count, else PIPELINE_TASK_COUNT. Task index: --task-index, else SLURM_ARRAY_TASK_ID (without a\n" +
            "  count the array must be 0..N-1 and N is SLURM_ARRAY_TASK_COUNT), else JOB_COMPLETION_INDEX (a count is required).\n" +
            "  A staged DAG (dedup.minhash_signatures + dedup.minhash_filter) runs as tasks with --stage 1, then\n" +
            "  `pipeline dedup cluster --dag`, then --stage 3; without tasks and --stage, all three run here in turn.\n" +
            "  A completed task is skipped; one completed with another DAG or task count is refused (exit 2) unless --force.\n" +
            "  Exit codes: 0 done, 1 failed (or a fail_on gate tripped), 2 usage/config error, 130 cancelled.",
            new HashSet<string> { "force", "quiet" }, RunAsync),
        new("validate", "Check a DAG file and report every error at once", "validate DAG.json", NoFlags, ValidateAsync),
        new("steps", "List every step with its options, defaults and docs", "steps [--json]", new HashSet<string> { "json" }, StepsAsync),
        new("schema", "Print the JSON Schema of DAG files, generated from the step registry", "schema [--output FILE]", NoFlags, SchemaAsync),
    ];

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

    private static Task<int> ValidateAsync(CliArgs args, CommandContext ctx)
    {
        var path = args.Positional(0, "DAG");
        args.RejectUnknown();
        var plan = LoadPlan(path, ctx);
        ctx.Out.WriteLine($"{path}: ok ({plan.Steps.Count} steps)");
        return Task.FromResult(0);
    }

    private static async Task<int> RunAsync(CliArgs args, CommandContext ctx)
    {
        var path = args.Positional(0, "DAG");
        var (taskIndex, taskCount) = TaskIdentity.Resolve(args.Get("task-index"), args.Get("task-count"), Environment.GetEnvironmentVariable);
        bool force = args.Has("force");
        bool quiet = args.Has("quiet");
        int stage = args.Get("stage") switch
        {
            null => 0,
            "1" => 1,
            "3" => 3,
            var v => throw new UsageException($"--stage is 1 (up to the signatures) or 3 (from the removal filter on), got '{v}'"),
        };
        var every = ProgressEvery(args);
        args.RejectUnknown();
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

    private static TimeSpan ProgressEvery(CliArgs args)
    {
        double fallback = 10;
        if (Environment.GetEnvironmentVariable("PIPELINE_PROGRESS_SECONDS") is { Length: > 0 } env
            && !double.TryParse(env, NumberStyles.Float, CultureInfo.InvariantCulture, out fallback))
            throw new UsageException($"PIPELINE_PROGRESS_SECONDS must be a number of seconds, got '{env}'");
        double seconds = args.GetDouble("progress-every", fallback);
        if (!(seconds >= 0.1 && seconds <= 86_400)) throw new UsageException($"--progress-every must be between 0.1 and 86400 seconds, got {seconds}");
        return TimeSpan.FromSeconds(seconds);
    }

    private static Task<int> StepsAsync(CliArgs args, CommandContext ctx)
    {
        bool json = args.Has("json");
        args.RejectUnknown();
        if (json)
        {
            var arr = new JsonArray();
            foreach (var d in ctx.Registry.All)
            {
                var opts = new JsonArray();
                foreach (var o in d.Options)
                {
                    var on = new JsonObject
                    {
                        ["name"] = o.JsonName,
                        ["type"] = o.TypeName,
                        ["default"] = JsonNode.Parse(o.DefaultJson),
                        ["description"] = o.Description,
                        ["required"] = o.Required,
                    };
                    if (o.Range is { } r) { on["minimum"] = JsonValue.Create(Convert.ToDouble(r.Minimum, CultureInfo.InvariantCulture)); on["maximum"] = JsonValue.Create(Convert.ToDouble(r.Maximum, CultureInfo.InvariantCulture)); }
                    if (o.AllowedValues is { } av) on["allowed"] = new JsonArray(av.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                    opts.Add(on);
                }
                arr.Add(new JsonObject
                {
                    ["name"] = d.Name,
                    ["kind"] = d.Kind.ToString().ToLowerInvariant(),
                    ["summary"] = d.Summary,
                    ["ports"] = new JsonArray(d.Ports.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                    ["options"] = opts,
                });
            }
            ctx.Out.WriteLine(arr.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(0);
        }
        foreach (var d in ctx.Registry.All)
        {
            var ports = d.Ports.Count > 0 ? $" [ports: {string.Join(", ", d.Ports)}]" : "";
            ctx.Out.WriteLine($"{d.Name}  ({d.Kind.ToString().ToLowerInvariant()}){ports}");
            ctx.Out.WriteLine($"    {d.Summary}");
            foreach (var o in d.Options)
            {
                var extra = o.Range is { } r ? $", {r.Minimum}..{r.Maximum}" : "";
                if (o.AllowedValues is { } av) extra += $", one of {string.Join("|", av)}";
                ctx.Out.WriteLine($"    {o.JsonName,-24} {o.TypeName,-9} = {o.DefaultJson}{extra}");
                if (o.Description.Length > 0) ctx.Out.WriteLine($"        {o.Description}");
            }
            ctx.Out.WriteLine();
        }
        return Task.FromResult(0);
    }

    private static Task<int> SchemaAsync(CliArgs args, CommandContext ctx)
    {
        var output = args.Get("output");
        args.RejectUnknown();
        var text = DagSchema.Build(ctx.Registry).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (output is null) ctx.Out.WriteLine(text);
        else File.WriteAllText(output, text + "\n");
        return Task.FromResult(0);
    }
}
