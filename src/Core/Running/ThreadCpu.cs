using System.Runtime.InteropServices;

namespace Pipeline.Core.Running;

/// <summary>
/// CPU time of the calling thread (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID), nanosecond resolution); zero
/// elsewhere. The one thread-CPU reader of the code base: the runner, the ledger writer and the bench use it.
/// </summary>
public static partial class ThreadCpu
{
    private static bool _supported = OperatingSystem.IsLinux();

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Sec;
        public long Nsec;
    }

    [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec ts);

    /// <summary>Thread CPU time in 100 ns ticks.</summary>
    public static long NowTicks()
    {
        if (!_supported) return 0;
        try
        {
            if (ClockGetTime(3, out var ts) != 0) return 0;
            return ts.Sec * TimeSpan.TicksPerSecond + ts.Nsec / 100;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _supported = false;
            return 0;
        }
    }
}
