using System.Collections.Concurrent;

namespace Pipeline.Core.Running;

/// <summary>Thread-safe counters for one step. Invariant checked at the end of a run: in = out + dropped + errors.</summary>
public sealed class StepStats
{
    private long _in, _out, _dropped, _errors, _bytesIn, _bytesOut, _cpuTicks;
    private readonly ConcurrentDictionary<string, long> _droppedBy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errorsBy = new(StringComparer.Ordinal);

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

    /// <summary>Wall time from the step's start to its end.</summary>
    public TimeSpan WallTime { get; set; }

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
}
