using System.Diagnostics;
using Pipeline.Core.Dag;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// Runs a validated plan. The planner (<see cref="DagPlanner"/>) groups steps into units: stream components
/// (steps joined by document edges, run by <see cref="StreamComponent"/> as one loop per step joined by bounded
/// channels) and artifact steps (<see cref="ArtifactLoop"/>), scheduled once the units they need have finished.
/// Batches keep a 1:1 mapping through processors and fan-in merges inputs round-robin, so output order is the same
/// for any worker count. At the end the runner checks every step's counts, the gates, closes the ledger and writes
/// stats (and, for tasks, the completion marker).
/// </summary>
public sealed class DagRunner
{
    private readonly DagPlan _plan;
    private readonly IReadOnlySet<string> _owned;
    private readonly RunOptions _options;

    private DagRunner(DagPlan plan, RunOptions options)
    {
        var selection = StageSelection.Select(plan, options.Stage, options.StageBoundary);
        _plan = selection.Steps.Count == plan.Steps.Count ? plan : new DagPlan(plan.File, selection.Steps);
        _owned = selection.Owned;
        _options = options;
    }

    /// <summary>Runs <paramref name="plan"/> to the end, failure or cancellation.</summary>
    public static Task<RunResult> RunAsync(DagPlan plan, RunOptions options, CancellationToken cancellationToken) =>
        new DagRunner(plan, options).RunCoreAsync(cancellationToken);

    /// <summary>Path of a task's completion marker (whole-DAG runs; see <see cref="TaskMarker"/>).</summary>
    public static string MarkerPath(string outputDirectory, int taskIndex, int taskCount) =>
        TaskMarker.PathOf(outputDirectory, 0, taskIndex, taskCount);

    private async Task<RunResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        var file = _plan.File;
        var run = new RunInfo(Guid.NewGuid().ToString("N"), file.Name, file.Directory, file.OutputDir, _options.TaskIndex, _options.TaskCount)
        {
            DagHash = file.Hash,
            Stage = _options.Stage,
            FailOn = file.FailOn,
        };
        bool tasked = _options.TaskCount > 1 || _options.Stage > 0;
        var marker = TaskMarker.PathOf(file.OutputDir, _options.Stage, _options.TaskIndex, _options.TaskCount);
        if (tasked && MarkerCheck.Check(_plan, _options, marker) is { } early) return early;
        using var outputLock = OutputDirLock.Acquire(file.OutputDir, run.TaskSuffix, shareWithOtherTasks: tasked);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scope = new RunScope(_plan, _owned, _options, run, cts);
        _options.OnStarted?.Invoke(scope.AllStats);

        var wall = Stopwatch.StartNew();
        try
        {
            if (file.Ledger && _options.LedgerFactory is { } lf) scope.Ledger = lf(run);
            await scope.Ledger.StartRunAsync(new LedgerRun(run.RunId, file.Name, file.Text, file.Hash, _options.Version, run.TaskIndex, run.TaskCount, DateTimeOffset.UtcNow) { Stage = run.Stage }, cts.Token).ConfigureAwait(false);
            await RunUnitsAsync(scope, cts).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            scope.Fail(ex);
        }
        catch (OperationCanceledException)
        {
        }

        var status = scope.FirstFailure is not null ? RunStatus.Failed
            : cancellationToken.IsCancellationRequested ? RunStatus.Cancelled : RunStatus.Completed;
        wall.Stop();
        // stage 3 reruns upstream steps only to feed its own: their counts belong to stage 1's stats
        var stats = _plan.Steps.Where(s => scope.Owns(s.Id)).Select(s => scope.MeterFor(s).Stats).ToList();
        if (status == RunStatus.Completed && stats.Select(s => s.InvariantViolation()).FirstOrDefault(v => v is not null) is { } violation)
        {
            scope.Fail(new StepFailedException(violation));
            status = RunStatus.Failed;
        }

        IReadOnlyList<GateOutcome> gates = [];
        if (status == RunStatus.Completed && _options.Gates is { } checkGates)
        {
            try
            {
                gates = checkGates();
                foreach (var g in gates) scope.Ledger.Write(new GateRecord(g.Rule, g.Metric, g.Measured ?? double.NaN, g.Passed, g.Detail));
                if (gates.Any(g => !g.Passed)) status = RunStatus.GateFailed;
            }
            catch (Exception ex)
            {
                scope.Fail(new StepFailedException("gates", "fail_on", ex));
                status = RunStatus.Failed;
            }
        }
        string statusText = status switch
        {
            RunStatus.Completed => "completed", RunStatus.Cancelled => "cancelled", RunStatus.GateFailed => "gate_failed", _ => "failed",
        };
        try
        {
            await scope.Ledger.CompleteRunAsync(statusText, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (status == RunStatus.Completed)
        {
            scope.Fail(new StepFailedException("ledger", "provenance", ex));
            status = RunStatus.Failed;
            statusText = "failed";
        }
        finally
        {
            await scope.Ledger.DisposeAsync().ConfigureAwait(false);
        }

        string? statsPath = null;
        if (status != RunStatus.Cancelled || Directory.Exists(file.OutputDir))
        {
            statsPath = Path.Combine(file.OutputDir, $"stats{run.RunSuffix}.json");
            StatsWriter.Write(statsPath, run, statusText, wall.Elapsed, stats, scope.FirstFailure, gates);
        }
        if (status == RunStatus.Completed && tasked)
            new TaskMarker(file.Hash, _options.TaskIndex, _options.TaskCount, _options.Stage, run.RunId, DateTimeOffset.UtcNow).Write(file.OutputDir);
        return new RunResult(status, stats, scope.ArtifactsSnapshot(), wall.Elapsed, scope.FirstFailure, statsPath) { Gates = gates };
    }

    /// <summary>Starts every unit once the units it needs have finished, and waits for all.</summary>
    private static async Task RunUnitsAsync(RunScope scope, CancellationTokenSource cts)
    {
        var tasks = new Dictionary<ExecutionUnit, Task>();
        foreach (var u in DagPlanner.BuildUnits(scope.Plan)) _ = Schedule(u);
        try
        {
            await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        }
        catch (Exception) when (scope.FirstFailure is not null || cts.IsCancellationRequested)
        {
        }

        Task Schedule(ExecutionUnit u)
        {
            if (tasks.TryGetValue(u, out var t)) return t;
            var deps = u.DependsOn.Select(Schedule).ToArray();
            t = Task.Run(async () =>
            {
                await Task.WhenAll(deps).ConfigureAwait(false);
                cts.Token.ThrowIfCancellationRequested();
                if (u.IsStream) await StreamComponent.RunAsync(scope, u, cts.Token).ConfigureAwait(false);
                else await scope.GuardAsync(u.Steps[0], () => new ArtifactLoop(scope, u.Steps[0]).RunAsync(cts.Token)).ConfigureAwait(false);
            }, cts.Token);
            tasks[u] = t;
            return t;
        }
    }
}
