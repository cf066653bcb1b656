using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Running;

namespace Pipeline.Bench;

/// <summary>
/// The one measurement helper of every workload: <see cref="Start"/> before a timed section, <see cref="Stop"/>
/// after it. It takes wall time, process CPU, the calling thread's CPU (<see cref="ThreadCpu"/>, the code base's
/// one thread-CPU reader), peak RSS (optionally reset at the start), the 1-minute load average at both ends and
/// whether the section ran fresh (the first run of its code in this process, JIT included) or warm.
/// </summary>
public sealed class Measurement
{
    private readonly Stopwatch _wall;
    private readonly TimeSpan _cpu0;
    private readonly long _thread0;
    private readonly int _threadId;
    private readonly double _load0;
    private readonly bool _warm;

    private Measurement(bool warm)
    {
        _warm = warm;
        _load0 = LoadAverage();
        _cpu0 = ProcessCpu();
        _threadId = Environment.CurrentManagedThreadId;
        _thread0 = ThreadCpu.NowTicks();
        _wall = Stopwatch.StartNew();
    }

    /// <summary>
    /// Starts a section. <paramref name="warm"/>: the code being timed has already run in this process.
    /// <paramref name="resetPeakRss"/>: reset the kernel's peak-RSS counter so the section's own peak is measured.
    /// </summary>
    public static Measurement Start(bool warm = false, bool resetPeakRss = false)
    {
        if (resetPeakRss) Machine.ResetPeakRss();
        return new Measurement(warm);
    }

    /// <summary>Seconds since <see cref="Start"/>, without stopping.</summary>
    public double ElapsedSeconds => _wall.Elapsed.TotalSeconds;

    /// <summary>Ends the section.</summary>
    public Measured Stop()
    {
        _wall.Stop();
        long threadTicks = ThreadCpu.NowTicks() - _thread0;
        // After an await the section may end on another thread: its thread CPU is then unknown (-1), not wrong.
        double thread = Environment.CurrentManagedThreadId == _threadId ? TimeSpan.FromTicks(threadTicks).TotalSeconds : -1;
        return new Measured(_wall.Elapsed.TotalSeconds, (ProcessCpu() - _cpu0).TotalSeconds, thread, Machine.PeakRssMb(),
            _load0, LoadAverage(), _warm);
    }

    /// <summary>Times <paramref name="body"/> as one section.</summary>
    public static async Task<Measured> TimeAsync(Func<Task> body, bool warm = false, bool resetPeakRss = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        var m = Start(warm, resetPeakRss);
        await body().ConfigureAwait(false);
        return m.Stop();
    }

    /// <summary>Times <paramref name="body"/> as one section.</summary>
    public static Measured Time(Action body, bool warm = false, bool resetPeakRss = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        var m = Start(warm, resetPeakRss);
        body();
        return m.Stop();
    }

    /// <summary>CPU time of the whole process (all threads).</summary>
    public static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    /// <summary>The 1-minute load average (Linux /proc/loadavg), or -1 where it cannot be read.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }
}
