namespace Pipeline.Audit;

/// <summary>What the stability analysis found.</summary>
public sealed record StabilityResult
{
    /// <summary>Loss and gradient-norm spikes in step order.</summary>
    public required IReadOnlyList<Spike> Spikes { get; init; }

    /// <summary>True when the loss became NaN/infinite or rose well above its best window.</summary>
    public required bool Diverged { get; init; }

    /// <summary>Why it diverged (empty when it did not).</summary>
    public required string DivergenceReason { get; init; }

    /// <summary>First step of the divergence (null when none).</summary>
    public long? DivergenceStep { get; init; }

    /// <summary>Spans (first step, last step) where the loss stopped improving.</summary>
    public required IReadOnlyList<(long From, long To)> Plateaus { get; init; }

    /// <summary>True when the last step lies in a plateau.</summary>
    public bool EndsOnPlateau { get; init; }

    /// <summary>Learning-rate schedule problems (empty: matches the configuration).</summary>
    public required IReadOnlyList<string> ScheduleViolations { get; init; }

    /// <summary>Step where the learning rate peaked (end of warm-up), null without lr values.</summary>
    public long? LearningRatePeakStep { get; init; }

    /// <summary>The peak learning rate.</summary>
    public double LearningRatePeak { get; init; }

    /// <summary>Steps analysed.</summary>
    public int StepCount { get; init; }

    /// <summary>Loss of the first and last steps.</summary>
    public double FirstLoss { get; init; }

    /// <summary>Loss of the last step.</summary>
    public double LastLoss { get; init; }

    /// <summary>Spikes of the loss only.</summary>
    public IEnumerable<Spike> LossSpikes => Spikes.Where(s => s.Metric == "loss");
}
