namespace Pipeline.Core.Running;

/// <summary>
/// The runner's one meter for a step: document counts, UTF-8 bytes, wall time and CPU time (thread CPU through
/// <see cref="ThreadCpu"/>, read once per batch). Every loop counts through it; steps never do.
/// </summary>
internal sealed class StepMeter(StepStats stats)
{
    /// <summary>The counters this meter writes.</summary>
    public StepStats Stats { get; } = stats;

    /// <summary>A started CPU measurement of the calling thread.</summary>
    public readonly record struct CpuMark(long Ticks, int Thread);

    /// <summary>Starts measuring the calling thread's CPU time.</summary>
    public static CpuMark StartCpu() => new(ThreadCpu.NowTicks(), Environment.CurrentManagedThreadId);

    /// <summary>Adds the CPU time since <paramref name="mark"/> when still on the same thread (an await may have moved
    /// the work to another thread, whose clock says nothing about this step).</summary>
    public void StopCpu(CpuMark mark)
    {
        if (Environment.CurrentManagedThreadId == mark.Thread) Stats.AddCpu(TimeSpan.FromTicks(ThreadCpu.NowTicks() - mark.Ticks));
    }

    /// <summary>CPU time measured elsewhere (artifact steps: see <see cref="ArtifactCpu"/>).</summary>
    public void AddCpu(TimeSpan cpu) => Stats.AddCpu(cpu);

    /// <summary>Documents (or source records) that entered the step, and their bytes.</summary>
    public void Entered(long documents, long bytes)
    {
        Stats.AddIn(documents);
        if (bytes != 0) Stats.AddBytesIn(bytes);
    }

    /// <summary>Documents passed on, and their UTF-8 bytes.</summary>
    public void Passed(long documents, long bytes)
    {
        Stats.AddOut(documents);
        Stats.AddBytesOut(bytes);
    }

    /// <summary>Documents passed on changed (they also count as passed).</summary>
    public void Modified(long documents)
    {
        if (documents > 0) Stats.AddModified(documents);
    }

    /// <summary>A document dropped with <paramref name="reason"/>.</summary>
    public void Dropped(string reason, long documents = 1) => Stats.AddDropped(reason, documents);

    /// <summary>A document that failed with <paramref name="reason"/>.</summary>
    public void Failed(string reason, long documents = 1) => Stats.AddError(reason, documents);

    /// <summary>The step starts.</summary>
    public void Started() => Stats.MarkStarted();

    /// <summary>The step ended after <paramref name="wall"/>.</summary>
    public void Ended(TimeSpan wall) => Stats.WallTime = wall;
}
