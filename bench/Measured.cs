namespace Pipeline.Bench;

/// <summary>
/// What one <see cref="Measurement"/> section took. <see cref="ThreadCpuSeconds"/> is -1 when the section ended on
/// another thread than it began; <see cref="Warm"/> is false for a fresh section (its code's first run in the process).
/// </summary>
public readonly record struct Measured(double WallSeconds, double CpuSeconds, double ThreadCpuSeconds, double PeakRssMb,
    double LoadAverageStart, double LoadAverageEnd, bool Warm)
{
    /// <summary>Items per wall second.</summary>
    public double PerSecond(double items) => WallSeconds > 0 ? items / WallSeconds : 0;

    /// <summary>Items per process CPU second.</summary>
    public double PerCpuSecond(double items) => CpuSeconds > 0 ? items / CpuSeconds : 0;
}
