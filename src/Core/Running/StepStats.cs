using System.Collections.Concurrent;

namespace Pipeline.Core.Running;

/// <summary>
/// Thread-safe counters for one step, written by the runner's meter (<see cref="StepMeter"/>) and the step's context.
/// The runner checks in = out + dropped + errors for every step at the end of every run (<see cref="InvariantViolation"/>).
/// </summary>
public sealed class StepStats
{
    private long _in, _out, _dropped, _errors, _modified, _bytesIn, _bytesOut, _cpuTicks;
    private StepProgress? _progress;
    private long _startedTicks, _wallTicks = -1;
    private readonly ConcurrentDictionary<string, long> _droppedBy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errorsBy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StepMetric> _metrics = new(StringComparer.Ordinal);

    /// <summary>Creates counters for a step.</summary>
    public StepStats(string stepId, string uses)
    {
        StepId = stepId;
        Uses = uses;
    }

    /// <summary>Step id.</summary>
    public string StepId { get; }

    /// <summary>Registered step name.</summary>
    public string Uses { get; }

    /// <summary>"source", "processor", "sink" or "artifact" (empty when unknown).</summary>
    public string Kind { get; init; } = "";

    /// <summary>Documents (or records, for sources) that entered.</summary>
    public long In => Interlocked.Read(ref _in);

    /// <summary>Documents passed on.</summary>
    public long Out => Interlocked.Read(ref _out);

    /// <summary>Documents dropped (any reason).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Documents or records that failed.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Bytes of input (UTF-8 text, or raw bytes for sources).</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes of UTF-8 text passed on.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>CPU time spent in the step's code.</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks));

    /// <summary>Wall time from the step's start to its end (set when the step ends).</summary>
    public TimeSpan WallTime
    {
        get { long t = Interlocked.Read(ref _wallTicks); return t < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(t); }
        set => Interlocked.Exchange(ref _wallTicks, value.Ticks);
    }

    /// <summary>Documents passed on changed (e.g. redacted); they also count in <see cref="Out"/>.</summary>
    public long Modified => Interlocked.Read(ref _modified);

    /// <summary>When the step started (UTC), or null while it waits for its inputs.</summary>
    public DateTimeOffset? StartedAt
    {
        get { long t = Interlocked.Read(ref _startedTicks); return t == 0 ? null : new DateTimeOffset(t, TimeSpan.Zero); }
    }

    /// <summary>True once the step has ended (completed, failed or cancelled).</summary>
    public bool Finished => Interlocked.Read(ref _wallTicks) >= 0;

    /// <summary>The step's latest progress report, or null when it reports none.</summary>
    public StepProgress? Progress => Volatile.Read(ref _progress);

    /// <summary>Records the step's start time (the runner calls this; a second call keeps the first time).</summary>
    public void MarkStarted(DateTimeOffset? at = null) =>
        Interlocked.CompareExchange(ref _startedTicks, (at ?? DateTimeOffset.UtcNow).UtcTicks, 0);

    /// <summary>Replaces the progress report.</summary>
    public void SetProgress(StepProgress progress) => Volatile.Write(ref _progress, progress);

    /// <summary>Adds to "modified".</summary>
    public void AddModified(long n) => Interlocked.Add(ref _modified, n);

    /// <summary>Drops by reason.</summary>
    public IReadOnlyDictionary<string, long> DroppedByReason => _droppedBy;

    /// <summary>Errors by reason.</summary>
    public IReadOnlyDictionary<string, long> ErrorsByReason => _errorsBy;

    /// <summary>Adds to "in".</summary>
    public void AddIn(long n) => Interlocked.Add(ref _in, n);

    /// <summary>Adds to "out".</summary>
    public void AddOut(long n) => Interlocked.Add(ref _out, n);

    /// <summary>Adds input bytes.</summary>
    public void AddBytesIn(long n) => Interlocked.Add(ref _bytesIn, n);

    /// <summary>Adds output bytes.</summary>
    public void AddBytesOut(long n) => Interlocked.Add(ref _bytesOut, n);

    /// <summary>Adds CPU time.</summary>
    public void AddCpu(TimeSpan t) => Interlocked.Add(ref _cpuTicks, t.Ticks);

    /// <summary>Counts a drop. For sources the record also counts as "in".</summary>
    public void AddDropped(string reason, long n = 1)
    {
        Interlocked.Add(ref _dropped, n);
        _droppedBy.AddOrUpdate(reason, n, (_, v) => v + n);
    }

    /// <summary>Counts an error.</summary>
    public void AddError(string reason, long n = 1)
    {
        Interlocked.Add(ref _errors, n);
        _errorsBy.AddOrUpdate(reason, n, (_, v) => v + n);
    }

    /// <summary>Step-specific figures by name (see <see cref="Steps.StepContext.Metric"/>).</summary>
    public IReadOnlyDictionary<string, StepMetric> Metrics => _metrics;

    /// <summary>Sets a step-specific figure (the latest value wins).</summary>
    public void SetMetric(StepMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        _metrics[metric.Name] = metric;
    }

    /// <summary>Null when in = out + dropped + errors; otherwise a message naming the step and its counts.</summary>
    public string? InvariantViolation()
    {
        long i = In, o = Out, d = Dropped, e = Errors;
        if (i == o + d + e) return null;
        return $"step '{StepId}' ({Uses}) lost count of documents: in {i} != out {o} + dropped {d} + errors {e} (difference {i - o - d - e}); this is a bug in the step or the runner";
    }
}
