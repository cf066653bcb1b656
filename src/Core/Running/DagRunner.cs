using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// Runs a validated plan. Streaming steps connected by document edges form a component that runs as one
/// set of loops joined by bounded channels (back-pressure); artifact edges order components and artifact steps.
/// Batches keep a 1:1 mapping through processors, and fan-in merges inputs round-robin, so output order is
/// the same for any worker count.
/// </summary>
public sealed class DagRunner
{
    private readonly DagPlan _plan;
    private readonly IReadOnlySet<string> _owned;
    private readonly RunOptions _options;
    private readonly Dictionary<string, StepStats> _stats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Artifact>> _artifacts = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private Exception? _firstFailure;
    private ArtifactCpu _artifactCpu = null!;
    private ILedger _ledger = NullLedger.Instance;
    private RunInfo _run = null!;
    private CancellationTokenSource _cts = null!;

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

    /// <summary>
    /// Groups steps into execution units: stream components (steps joined by document edges) and single
    /// artifact steps, each with the units it waits for. Throws <see cref="InvalidOperationException"/> when an
    /// artifact need would make a component wait for itself.
    /// </summary>
    public static IReadOnlyList<ExecutionUnit> BuildUnits(DagPlan plan)
    {
        var parent = plan.Steps.ToDictionary(s => s.Id, s => s.Id, StringComparer.Ordinal);
        string Find(string x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var s in plan.Steps)
            foreach (var n in s.StreamNeeds)
                parent[Find(s.Id)] = Find(n.StepId);
        var groups = plan.Steps.GroupBy(s => Find(s.Id)).ToList();
        var units = groups.Select(g => new ExecutionUnit(g.ToList())).ToList();
        var unitOf = new Dictionary<string, ExecutionUnit>(StringComparer.Ordinal);
        foreach (var u in units) foreach (var s in u.Steps) unitOf[s.Id] = u;
        foreach (var u in units)
            foreach (var s in u.Steps)
                foreach (var n in s.ArtifactNeeds)
                    if (unitOf[n.StepId] is var dep && dep != u && !u.DependsOn.Contains(dep)) u.DependsOn.Add(dep);
                    else if (dep == u) throw new InvalidOperationException(
                        $"step '{s.Id}' needs the output of '{n.StepId}', which is fed by the same document stream; write the stream to a file first and read it in a separate branch");
        // cycle check across units
        var state = new Dictionary<ExecutionUnit, int>();
        foreach (var u in units) Visit(u);
        return units;

        void Visit(ExecutionUnit u)
        {
            state.TryGetValue(u, out var st);
            if (st == 2) return;
            if (st == 1) throw new InvalidOperationException($"steps wait for each other through artifacts: {string.Join(", ", u.Steps.Select(x => x.Id))}");
            state[u] = 1;
            foreach (var d in u.DependsOn) Visit(d);
            state[u] = 2;
        }
    }

    private async Task<RunResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        var file = _plan.File;
        _run = new RunInfo(Guid.NewGuid().ToString("N"), file.Name, file.Directory, file.OutputDir, _options.TaskIndex, _options.TaskCount)
        {
            DagHash = file.Hash,
            Stage = _options.Stage,
            FailOn = file.FailOn,
        };
        bool tasked = _options.TaskCount > 1 || _options.Stage > 0;
        var marker = TaskMarker.PathOf(file.OutputDir, _options.Stage, _options.TaskIndex, _options.TaskCount);
        if (tasked && CheckMarkers(marker) is { } early) return early;
        using var outputLock = OutputDirLock.Acquire(file.OutputDir, _run.TaskSuffix, shareWithOtherTasks: tasked);
        foreach (var s in _plan.Steps) _stats[s.Id] = new StepStats(s.Id, s.Descriptor.Name);
        _options.OnStarted?.Invoke(_plan.Steps.Select(s => _stats[s.Id]).ToList());
        _artifactCpu = new ArtifactCpu(_plan.Steps.Where(s => s.Descriptor.Kind != StepKind.Artifact).Select(s => _stats[s.Id]).ToList());

        var wall = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _cts = cts;
        RunStatus status = RunStatus.Completed;
        try
        {
            if (file.Ledger && _options.LedgerFactory is { } lf) _ledger = lf(_run);
            await _ledger.StartRunAsync(new LedgerRun(_run.RunId, file.Name, file.Text, file.Hash, _options.Version, _run.TaskIndex, _run.TaskCount, DateTimeOffset.UtcNow) { Stage = _run.Stage }, cts.Token).ConfigureAwait(false);
            var units = BuildUnits(_plan);
            var tasks = new Dictionary<ExecutionUnit, Task>();
            foreach (var u in units) _ = Schedule(u);
            try
            {
                await Task.WhenAll(tasks.Values).ConfigureAwait(false);
            }
            catch (Exception) when (_firstFailure is not null || cts.IsCancellationRequested)
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
                    if (u.IsStream) await RunComponentAsync(u, cts.Token).ConfigureAwait(false);
                    else await RunArtifactStepAsync(u.Steps[0], cts.Token).ConfigureAwait(false);
                }, cts.Token);
                tasks[u] = t;
                return t;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(ex);
        }
        catch (OperationCanceledException)
        {
        }

        if (_firstFailure is not null) status = RunStatus.Failed;
        else if (cancellationToken.IsCancellationRequested) status = RunStatus.Cancelled;
        wall.Stop();

        IReadOnlyList<GateOutcome> gates = [];
        if (status == RunStatus.Completed && _options.Gates is { } checkGates)
        {
            try
            {
                gates = checkGates();
                foreach (var g in gates) _ledger.Write(new AuditRecord("", "gate", g.Rule, g.Metric, g.Measured ?? double.NaN, g.Passed ? "passed" : $"failed: {g.Detail}"));
                if (gates.Any(g => !g.Passed)) status = RunStatus.GateFailed;
            }
            catch (Exception ex)
            {
                Fail(new StepFailedException("gates", "fail_on", ex));
                status = RunStatus.Failed;
            }
        }
        string statusText = status switch
        {
            RunStatus.Completed => "completed", RunStatus.Cancelled => "cancelled", RunStatus.GateFailed => "gate_failed", _ => "failed",
        };
        try
        {
            await _ledger.CompleteRunAsync(statusText, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (status == RunStatus.Completed)
        {
            Fail(new StepFailedException("ledger", "provenance", ex));
            status = RunStatus.Failed;
        }
        finally
        {
            await _ledger.DisposeAsync().ConfigureAwait(false);
        }

        // stage 3 reruns upstream steps only to feed its own: their counts belong to stage 1's stats
        var stats = _plan.Steps.Where(s => _owned.Contains(s.Id)).Select(s => _stats[s.Id]).ToList();
        string? statsPath = null;
        if (status != RunStatus.Cancelled || Directory.Exists(file.OutputDir))
        {
            statsPath = Path.Combine(file.OutputDir, $"stats{_run.RunSuffix}.json");
            StatsWriter.Write(statsPath, _run, statusText, wall.Elapsed, stats, _firstFailure, gates);
        }
        if (status == RunStatus.Completed && tasked)
            new TaskMarker(file.Hash, _options.TaskIndex, _options.TaskCount, _options.Stage, _run.RunId, DateTimeOffset.UtcNow).Write(file.OutputDir);
        return new RunResult(status, stats, new Dictionary<string, IReadOnlyList<Artifact>>(_artifacts), wall.Elapsed, _firstFailure, statsPath) { Gates = gates };
    }

    /// <summary>
    /// Skip (this task completed with this DAG), refuse (the folder holds this task from another DAG, or tasks of
    /// another task count) or go on; going on removes this task's old marker first, so a failed rerun leaves none.
    /// </summary>
    private RunResult? CheckMarkers(string marker)
    {
        var hash = _plan.File.Hash;
        string what = $"{(_options.Stage > 0 ? $"stage {_options.Stage} " : "")}task {_options.TaskIndex}/{_options.TaskCount}";
        RunResult Result(RunStatus status, Exception? error = null) =>
            new(status, [], new Dictionary<string, IReadOnlyList<Artifact>>(), TimeSpan.Zero, error, null);
        var all = TaskMarker.ReadAll(_plan.File.OutputDir, _options.Stage);
        var own = TaskMarker.Read(marker);
        if (!_options.Force)
        {
            var otherCount = all.FirstOrDefault(m => m.Marker.TaskCount != _options.TaskCount);
            if (otherCount.Path is not null)
                return Result(RunStatus.Refused, new InvalidOperationException(
                    $"{_plan.File.OutputDir} holds tasks of a run split into {otherCount.Marker.TaskCount} ({otherCount.Path}), not {_options.TaskCount}: " +
                    "changing the task count needs a fresh output_dir (per-task outputs of the two runs would mix)"));
            if (own is not null && own.DagHash != hash)
                return Result(RunStatus.Refused, new InvalidOperationException(
                    $"{what} completed with another version of the DAG (hash {Short(own.DagHash)}, now {Short(hash)}; {marker}): " +
                    "rerun it with --force to redo it with this DAG (the other tasks then need --force too), or use a fresh output_dir"));
            if (own is not null)
            {
                _options.Log.Info($"{what} already completed ({marker}); use --force to run it again");
                return Result(RunStatus.Skipped);
            }
        }
        if (File.Exists(marker)) File.Delete(marker);
        return null;

        static string Short(string h) => h.Length == 0 ? "unknown" : h[..Math.Min(12, h.Length)];
    }

    private ILedger LedgerFor(PlannedStep s) => _owned.Contains(s.Id) ? _ledger : NullLedger.Instance;

    private void Fail(Exception ex)
    {
        lock (_gate)
        {
            _firstFailure ??= ex;
        }
        _cts.Cancel();
    }

    private StepContext ContextFor(PlannedStep s)
    {
        var inputs = new Dictionary<string, IReadOnlyList<Artifact>>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var n in s.ArtifactNeeds)
                if (_artifacts.TryGetValue(n.StepId, out var a)) inputs[n.StepId] = a;
        }
        return new StepContext(s.Id, _run, _stats[s.Id], LedgerFor(s), _options.Log, inputs) { AbsoluteInputs = s.AbsoluteInputs };
    }

    private void Publish(PlannedStep s, IReadOnlyList<Artifact> artifacts)
    {
        lock (_gate) _artifacts[s.Id] = artifacts;
        var ledger = LedgerFor(s);
        if (ledger.Enabled) foreach (var a in artifacts) ledger.Write(new ArtifactRecord(s.Id, WithPort(s, a)));
    }

    /// <summary>
    /// A documents artifact of a sink fed only by rejected ports is marked <c>port: rejected</c> (the ledger's
    /// <c>accounting.written</c> counts main outputs only); one fed by both gets <c>port: mixed</c>.
    /// </summary>
    private static Artifact WithPort(PlannedStep s, Artifact a)
    {
        if (a.Kind != "documents" || s.StreamNeeds.Count == 0) return a;
        int rejected = s.StreamNeeds.Count(n => n.Port == "rejected");
        if (rejected == 0) return a;
        var props = a.Properties is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(a.Properties, StringComparer.Ordinal);
        props["port"] = rejected == s.StreamNeeds.Count ? "rejected" : "mixed";
        return a with { Properties = props };
    }

    private async Task Guard(PlannedStep s, Func<Task> body)
    {
        var sw = Stopwatch.StartNew();
        _stats[s.Id].MarkStarted();
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Fail(ex is StepFailedException ? ex : new StepFailedException(s.Id, s.Descriptor.Name, ex));
            throw new OperationCanceledException();
        }
        finally
        {
            _stats[s.Id].WallTime = sw.Elapsed;
        }
    }

    private async Task RunArtifactStepAsync(PlannedStep s, CancellationToken ct)
    {
        await Guard(s, async () =>
        {
            var step = (ArtifactStep)s.Descriptor.Create(s.Options);
            var ctx = ContextFor(s);
            IReadOnlyList<Artifact> result;
            _artifactCpu.Enter(_stats[s.Id]);
            try
            {
                result = await step.RunAsync(ctx, ct).ConfigureAwait(false);
            }
            finally
            {
                _artifactCpu.Leave(_stats[s.Id]);
            }
            Publish(s, result);
            if (step is IDisposable d) d.Dispose();
        }).ConfigureAwait(false);
    }

    private sealed class Edge(Channel<Batch> channel)
    {
        public Channel<Batch> Channel { get; } = channel;
    }

    private async Task RunComponentAsync(ExecutionUnit unit, CancellationToken ct)
    {
        var capacity = _plan.File.ChannelCapacity;
        var outputs = new Dictionary<(string, string), List<Edge>>();
        var inputs = new Dictionary<string, List<Edge>>(StringComparer.Ordinal);
        foreach (var s in unit.Steps)
        {
            var list = new List<Edge>();
            foreach (var n in s.StreamNeeds)
            {
                var edge = new Edge(Channel.CreateBounded<Batch>(new BoundedChannelOptions(capacity)
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = true,
                    SingleWriter = true,
                }));
                list.Add(edge);
                var key = (n.StepId, n.Port ?? "");
                if (!outputs.TryGetValue(key, out var o)) outputs[key] = o = [];
                o.Add(edge);
            }
            inputs[s.Id] = list;
        }

        var loops = new List<Task>();
        foreach (var s in unit.Steps)
        {
            var main = outputs.GetValueOrDefault((s.Id, "")) ?? [];
            var rejected = outputs.GetValueOrDefault((s.Id, "rejected")) ?? [];
            var ins = inputs[s.Id];
            loops.Add(Task.Run(async () =>
            {
                try
                {
                    await Guard(s, () => s.Descriptor.Kind switch
                    {
                        StepKind.Source => SourceLoopAsync(s, main, ct),
                        StepKind.Processor => ProcessorLoopAsync(s, ins, main, rejected, ct),
                        StepKind.Sink => SinkLoopAsync(s, ins, ct),
                        _ => throw new InvalidOperationException($"{s.Descriptor.Name} cannot run in a stream"),
                    }).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var e in main.Concat(rejected)) e.Channel.Writer.TryComplete();
                }
            }, ct));
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private static async ValueTask EmitAsync(List<Edge> edges, Batch batch, CancellationToken ct)
    {
        foreach (var e in edges) await e.Channel.Writer.WriteAsync(batch, ct).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<Batch> MergeAsync(List<Edge> inputs, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var active = inputs.Select(e => e.Channel.Reader).ToList();
        int i = 0;
        while (active.Count > 0)
        {
            var r = active[i];
            if (await r.WaitToReadAsync(ct).ConfigureAwait(false) && r.TryRead(out var b))
            {
                yield return b;
                i = (i + 1) % active.Count;
            }
            else if (r.Completion.IsCompleted)
            {
                active.RemoveAt(i);
                if (i >= active.Count) i = 0;
            }
        }
    }

    private async Task SourceLoopAsync(PlannedStep s, List<Edge> main, CancellationToken ct)
    {
        var step = (SourceStep)s.Descriptor.Create(s.Options);
        var ctx = ContextFor(s);
        var stats = _stats[s.Id];
        int size = _plan.File.BatchSize;
        var buf = new Document[size];
        var sizes = new int[size];
        int n = 0;
        long bytes = 0;
        bool ledgerOn = LedgerFor(s).Enabled;
        var e = step.ReadAsync(ctx, ct).GetAsyncEnumerator(ct);
        try
        {
            // Thread CPU time is a real system call on some VMs (~1 µs): read it once per batch, not per document.
            long cpu0 = ThreadCpu.NowTicks();
            int tid = Environment.CurrentManagedThreadId;
            while (true)
            {
                var mv = e.MoveNextAsync();
                bool has = mv.IsCompletedSuccessfully ? mv.Result : await mv.ConfigureAwait(false);
                if (!has) break;
                var doc = e.Current;
                int docBytes = Encoding.UTF8.GetByteCount(doc.Text);
                sizes[n] = docBytes;
                buf[n++] = doc;
                bytes += docBytes;
                if (ledgerOn) _ledger.Write(new DocumentEnteredRecord(s.Id, doc));
                if (n == size)
                {
                    if (Environment.CurrentManagedThreadId == tid) stats.AddCpu(TimeSpan.FromTicks(ThreadCpu.NowTicks() - cpu0));
                    stats.AddOut(n);
                    stats.AddBytesOut(bytes);
                    if (main.Count > 0) await EmitAsync(main, new Batch(buf, n, sizes), ct).ConfigureAwait(false);
                    buf = new Document[size];
                    sizes = new int[size];
                    n = 0;
                    bytes = 0;
                    cpu0 = ThreadCpu.NowTicks();
                    tid = Environment.CurrentManagedThreadId;
                }
            }
            if (Environment.CurrentManagedThreadId == tid) stats.AddCpu(TimeSpan.FromTicks(ThreadCpu.NowTicks() - cpu0));
            stats.AddOut(n);
            stats.AddBytesOut(bytes);
            if (n > 0 && main.Count > 0) await EmitAsync(main, new Batch(buf, n, sizes), ct).ConfigureAwait(false);
        }
        finally
        {
            await e.DisposeAsync().ConfigureAwait(false);
            stats.AddIn(stats.Out + stats.Dropped + stats.Errors);
            if (step is IDisposable d) d.Dispose();
        }
    }

    private readonly record struct Split(Batch Main, Batch Rejected);

    private async Task ProcessorLoopAsync(PlannedStep s, List<Edge> ins, List<Edge> main, List<Edge> rejected, CancellationToken ct)
    {
        var step = (ProcessorStep)s.Descriptor.Create(s.Options);
        var ctx = ContextFor(s);
        await step.OpenAsync(ctx, ct).ConfigureAwait(false);
        int workers = step.Sequential ? 1 : s.Declaration.Workers;
        if (workers == 1)
        {
            await foreach (var b in MergeAsync(ins, ct).ConfigureAwait(false))
            {
                var r = await ProcessBatchAsync(s, step, b, ct).ConfigureAwait(false);
                await EmitSplitAsync(r, main, rejected, ct).ConfigureAwait(false);
            }
        }
        else
        {
            var pending = Channel.CreateBounded<Task<Split>>(new BoundedChannelOptions(workers) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
            var producer = Task.Run(async () =>
            {
                try
                {
                    await foreach (var b in MergeAsync(ins, ct).ConfigureAwait(false))
                        await pending.Writer.WriteAsync(Task.Run(() => ProcessBatchAsync(s, step, b, ct).AsTask(), ct), ct).ConfigureAwait(false);
                    pending.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    pending.Writer.TryComplete(ex);
                }
            }, ct);
            await foreach (var t in pending.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                await EmitSplitAsync(await t.ConfigureAwait(false), main, rejected, ct).ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
        var artifacts = await step.CompleteAsync(ctx, ct).ConfigureAwait(false);
        Publish(s, artifacts);
        if (step is IDisposable d) d.Dispose();
    }

    private static async ValueTask EmitSplitAsync(Split r, List<Edge> main, List<Edge> rejected, CancellationToken ct)
    {
        if (main.Count > 0) await EmitAsync(main, r.Main, ct).ConfigureAwait(false);
        if (rejected.Count > 0) await EmitAsync(rejected, r.Rejected, ct).ConfigureAwait(false);
    }

    private async ValueTask<Split> ProcessBatchAsync(PlannedStep s, ProcessorStep step, Batch b, CancellationToken ct)
    {
        var stats = _stats[s.Id];
        int count = b.Count;
        if (count == 0) return new Split(Batch.Empty, Batch.Empty);
        // Outcomes live only for this call: rent them, and clear them before returning so the pool holds no documents.
        var outcomes = System.Buffers.ArrayPool<Outcome>.Shared.Rent(count);
        try
        {
            long cpu0 = ThreadCpu.NowTicks();
            int tid = Environment.CurrentManagedThreadId;
            await step.ProcessBatchAsync(b.Memory, outcomes.AsMemory(0, count), ct).ConfigureAwait(false);
            if (Environment.CurrentManagedThreadId == tid) stats.AddCpu(TimeSpan.FromTicks(ThreadCpu.NowTicks() - cpu0));
            return Collect(s, stats, b, outcomes);
        }
        finally
        {
            Array.Clear(outcomes, 0, count);
            System.Buffers.ArrayPool<Outcome>.Shared.Return(outcomes);
        }
    }

    private Split Collect(PlannedStep s, StepStats stats, Batch b, Outcome[] outcomes)
    {
        int count = b.Count;
        var input = b.Docs;
        var inputBytes = b.Bytes;
        // Documents kept unchanged (same object) pass on in the input batch itself; a new batch is built only
        // from the first document that was changed, dropped or failed.
        Document[]? kept = null;
        int[]? keptBytes = null;
        int nk = 0;
        Document[]? dropped = null;
        int[]? droppedBytes = null;
        int nd = 0, nm = 0;
        long bytesIn = 0, bytesOut = 0;
        var ledger = LedgerFor(s);
        bool ledgerOn = ledger.Enabled, keptEvents = ledger.RecordKeptEvents;
        for (int i = 0; i < count; i++)
        {
            var o = outcomes[i];
            var src = input[i];
            int srcBytes = inputBytes[i];
            bytesIn += srcBytes;
            if (o.Document is null) throw new InvalidOperationException($"step returned no outcome for document {src.Id}");
            switch (o.Action)
            {
                case OutcomeAction.Kept:
                case OutcomeAction.Modified:
                    int outBytes = ReferenceEquals(o.Document.Text, src.Text) ? srcBytes : Encoding.UTF8.GetByteCount(o.Document.Text);
                    if (!ReferenceEquals(o.Document, src)) StartCopy();
                    if (kept is not null)
                    {
                        kept[nk] = o.Document;
                        keptBytes![nk] = outBytes;
                    }
                    nk++;
                    if (o.Action == OutcomeAction.Modified) nm++;
                    bytesOut += outBytes;
                    if (ledgerOn && (o.Action == OutcomeAction.Modified || keptEvents))
                        _ledger.Write(new DocumentEventRecord(src.Id, s.Id, o.Action, o.Reason, o.Details));
                    if (ledgerOn && DocumentMetaChangedRecord.Changed(src, o.Document))
                        _ledger.Write(new DocumentMetaChangedRecord(s.Id, o.Document));
                    break;
                case OutcomeAction.Dropped:
                    StartCopy();
                    var reason = o.Reason ?? "dropped";
                    stats.AddDropped(reason);
                    dropped ??= new Document[count];
                    droppedBytes ??= new int[count];
                    dropped[nd] = o.Document.Meta.ContainsKey("drop_reason")
                        ? o.Document
                        : o.Document with { Meta = o.Document.Meta.Set("drop_reason", reason).Set("dropped_by", s.Id) };
                    droppedBytes[nd++] = ReferenceEquals(o.Document.Text, src.Text) ? srcBytes : Encoding.UTF8.GetByteCount(o.Document.Text);
                    if (ledgerOn) _ledger.Write(new DocumentEventRecord(src.Id, s.Id, OutcomeAction.Dropped, reason, o.Details));
                    break;
                default:
                    StartCopy();
                    stats.AddError(o.Reason ?? "error");
                    if (ledgerOn) _ledger.Write(new DocumentEventRecord(src.Id, s.Id, OutcomeAction.Error, o.Reason, o.Details));
                    break;
            }
        }
        stats.AddIn(count);
        stats.AddOut(nk);
        if (nm > 0) stats.AddModified(nm);
        stats.AddBytesIn(bytesIn);
        stats.AddBytesOut(bytesOut);
        var main = nk == 0 ? Batch.Empty : kept is null ? b : new Batch(kept, nk, keptBytes!);
        return new Split(main, nd == 0 ? Batch.Empty : new Batch(dropped!, nd, droppedBytes!));

        void StartCopy()
        {
            if (kept is not null) return;
            kept = new Document[count];
            keptBytes = new int[count];
            Array.Copy(input, kept, nk);
            Array.Copy(inputBytes, keptBytes, nk);
        }
    }

    private async Task SinkLoopAsync(PlannedStep s, List<Edge> ins, CancellationToken ct)
    {
        var step = (SinkStep)s.Descriptor.Create(s.Options);
        var ctx = ContextFor(s);
        var stats = _stats[s.Id];
        bool completed = false;
        try
        {
            await step.OpenAsync(ctx, ct).ConfigureAwait(false);
            var ledger = LedgerFor(s);
            bool ledgerOn = ledger.Enabled;
            await foreach (var b in MergeAsync(ins, ct).ConfigureAwait(false))
            {
                if (b.Count == 0) continue;
                long cpu0 = ThreadCpu.NowTicks();
                int tid = Environment.CurrentManagedThreadId;
                long bytes = 0;
                for (int i = 0; i < b.Count; i++)
                {
                    var doc = b.Docs[i];
                    await step.WriteAsync(doc, ct).ConfigureAwait(false);
                    bytes += b.Bytes[i];
                    if (ledgerOn) _ledger.Write(new DocumentWrittenRecord(doc.Id, s.Id, ""));
                }
                if (Environment.CurrentManagedThreadId == tid) stats.AddCpu(TimeSpan.FromTicks(ThreadCpu.NowTicks() - cpu0));
                stats.AddIn(b.Count);
                stats.AddOut(b.Count);
                stats.AddBytesIn(bytes);
                stats.AddBytesOut(bytes);
            }
            var artifacts = await step.CompleteAsync(ct).ConfigureAwait(false);
            completed = true;
            Publish(s, artifacts);
        }
        finally
        {
            if (!completed) await step.AbortAsync().ConfigureAwait(false);
            if (step is IDisposable d) d.Dispose();
        }
    }
}
