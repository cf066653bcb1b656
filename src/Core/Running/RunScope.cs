using System.Diagnostics;
using Pipeline.Core.Dag;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// What the loops of one run share: the plan, counters, published artifacts, the ledger, the first failure and the
/// run's cancellation. Hands each step its meter, ledger emitter and context.
/// </summary>
internal sealed class RunScope
{
    private readonly IReadOnlySet<string> _owned;
    private readonly Dictionary<string, StepStats> _stats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Artifact>> _artifacts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cts;
    private readonly object _gate = new();
    private Exception? _firstFailure;
    private readonly Lazy<ILedgerReader?> _reader;

    public RunScope(DagPlan plan, IReadOnlySet<string> owned, RunOptions options, RunInfo run, CancellationTokenSource cts)
    {
        Plan = plan;
        _owned = owned;
        Options = options;
        Run = run;
        _cts = cts;
        _reader = new Lazy<ILedgerReader?>(() => options.LedgerReaderFactory?.Invoke(run));
        foreach (var s in plan.Steps) _stats[s.Id] = new StepStats(s.Id, s.Descriptor.Name) { Kind = s.Descriptor.Kind.ToString().ToLowerInvariant() };
        ArtifactCpu = new ArtifactCpu(plan.Steps.Where(s => s.Descriptor.Kind != StepKind.Artifact).Select(s => _stats[s.Id]).ToList());
    }

    public DagPlan Plan { get; }

    public RunOptions Options { get; }

    public RunInfo Run { get; }

    public ILedger Ledger { get; set; } = NullLedger.Instance;

    public ArtifactCpu ArtifactCpu { get; }

    public CancellationToken Token => _cts.Token;

    public Exception? FirstFailure
    {
        get { lock (_gate) return _firstFailure; }
    }

    /// <summary>Counters of every step, in plan order.</summary>
    public IReadOnlyList<StepStats> AllStats => Plan.Steps.Select(s => _stats[s.Id]).ToList();

    /// <summary>True when this run records <paramref name="stepId"/> (stage 3 re-runs upstream steps without stats or ledger).</summary>
    public bool Owns(string stepId) => _owned.Contains(stepId);

    public Dictionary<string, IReadOnlyList<Artifact>> ArtifactsSnapshot()
    {
        lock (_gate) return new Dictionary<string, IReadOnlyList<Artifact>>(_artifacts, StringComparer.Ordinal);
    }

    public StepMeter MeterFor(PlannedStep s) => new(_stats[s.Id]);

    public LedgerEmitter EmitterFor(PlannedStep s) => new(Owns(s.Id) ? Ledger : NullLedger.Instance, s.Id);

    public StepContext ContextFor(PlannedStep s)
    {
        var inputs = new Dictionary<string, IReadOnlyList<Artifact>>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var n in s.ArtifactNeeds)
                if (_artifacts.TryGetValue(n.StepId, out var a)) inputs[n.StepId] = a;
        }
        return new StepContext(s.Id, Run, _stats[s.Id], Owns(s.Id) ? Ledger : NullLedger.Instance, Options.Log, inputs)
        {
            CountsRecordsRead = s.Descriptor.Kind == StepKind.Source,
            LedgerReader = _reader.Value,
            AbsoluteInputs = s.AbsoluteInputs,
        };
    }

    public void Publish(PlannedStep s, LedgerEmitter emitter, IReadOnlyList<Artifact> artifacts)
    {
        lock (_gate) _artifacts[s.Id] = artifacts;
        emitter.Published(s, artifacts);
    }

    /// <summary>Records the first failure and cancels every step.</summary>
    public void Fail(Exception ex)
    {
        lock (_gate) _firstFailure ??= ex;
        _cts.Cancel();
    }

    /// <summary>
    /// Runs a step's loop with its wall time metered. A failure is recorded (wrapped in <see cref="StepFailedException"/>
    /// naming the step) and rethrown, so the caller can fault the step's edges with it.
    /// </summary>
    public async Task GuardAsync(PlannedStep s, Func<Task> body)
    {
        var meter = MeterFor(s);
        var sw = Stopwatch.StartNew();
        meter.Started();
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
            var failure = ex is StepFailedException ? ex : new StepFailedException(s.Id, s.Descriptor.Name, ex);
            Fail(failure);
            if (ReferenceEquals(failure, ex)) throw;
            throw failure;
        }
        finally
        {
            meter.Ended(sw.Elapsed);
        }
    }
}
