namespace Pipeline.Audit;

/// <summary>Thresholds of the stability analysis.</summary>
public sealed record StabilitySettings
{
    /// <summary>Steps in the rolling window the z-score compares against.</summary>
    public int Window { get; init; } = 20;

    /// <summary>A value more than this many standard deviations above the window mean is a spike.</summary>
    public double ZThreshold { get; init; } = 4.0;

    /// <summary>Floor of the window's standard deviation, relative to its mean (a flat curve has no spikes from noise).</summary>
    public double MinRelativeStd { get; init; } = 0.01;

    /// <summary>Diverged when the last window's mean loss exceeds the best window mean by this fraction.</summary>
    public double DivergenceTolerance { get; init; } = 0.25;

    /// <summary>Steps over which the loss must improve by <see cref="PlateauMinImprovement"/> not to be a plateau.</summary>
    public int PlateauWindow { get; init; } = 50;

    /// <summary>Relative improvement of the rolling mean below which a span is a plateau.</summary>
    public double PlateauMinImprovement { get; init; } = 0.005;

    /// <summary>Configured warm-up steps (null: inferred from the learning-rate peak).</summary>
    public int? WarmupSteps { get; init; }

    /// <summary>Configured peak learning rate (null: not checked).</summary>
    public double? PeakLearningRate { get; init; }

    /// <summary>Expected shape after warm-up: "decay" (non-increasing), "constant" or "any".</summary>
    public string Schedule { get; init; } = "decay";
}
