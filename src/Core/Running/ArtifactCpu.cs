namespace Pipeline.Core.Running;

/// <summary>
/// CPU time of artifact steps, which often compute on threads of their own (torch, Parallel.For, a long-running
/// task): the process's CPU time between step starts and ends, less what stream steps measured on their own threads,
/// is split evenly among the artifact steps running in that interval (all of it to a step that runs alone).
/// </summary>
internal sealed class ArtifactCpu(IReadOnlyList<StepStats> streamSteps)
{
    private readonly object _lock = new();
    private readonly List<StepMeter> _active = [];
    private TimeSpan _lastProcess = ProcessCpu();
    private TimeSpan _lastStream = StreamCpu(streamSteps);

    /// <summary>An artifact step starts.</summary>
    public void Enter(StepMeter step)
    {
        lock (_lock)
        {
            Settle();
            _active.Add(step);
        }
    }

    /// <summary>An artifact step ends.</summary>
    public void Leave(StepMeter step)
    {
        lock (_lock)
        {
            Settle();
            _active.Remove(step);
        }
    }

    private void Settle()
    {
        var process = ProcessCpu();
        var stream = StreamCpu(streamSteps);
        var delta = process - _lastProcess - (stream - _lastStream);
        _lastProcess = process;
        _lastStream = stream;
        if (_active.Count == 0 || delta <= TimeSpan.Zero) return;
        var share = delta / _active.Count;
        foreach (var s in _active) s.AddCpu(share);
    }

    private static TimeSpan StreamCpu(IReadOnlyList<StepStats> steps)
    {
        var t = TimeSpan.Zero;
        foreach (var s in steps) t += s.CpuTime;
        return t;
    }

    private static TimeSpan ProcessCpu()
    {
        using var p = System.Diagnostics.Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }
}
