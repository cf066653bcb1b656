using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary>Options of <c>audit.stability</c>.</summary>
public sealed class StabilityOptions
{
    [Description("metrics.jsonl to audit; default: the metrics artifact of a needed train step")]
    [InputPath(Optional = true)]
    public string? Metrics { get; init; }

    [Description("Shard-set folder whose index.jsonl maps batch tokens to documents; default: a needed tokens.shards step")]
    [InputPath(Optional = true)]
    public string? Shards { get; init; }

    [Description("Steps in the rolling window for the z-score")]
    [Range(3, 100_000)]
    public int Window { get; init; } = 20;

    [Description("A loss or grad-norm value this many standard deviations above its window mean is a spike")]
    [Range(1.0, 1000.0)]
    public double ZThreshold { get; init; } = 4.0;

    [Description("Diverged when the last window's mean loss exceeds the best window mean by this fraction (or the loss is NaN)")]
    [Range(0.0, 100.0)]
    public double DivergenceTolerance { get; init; } = 0.25;

    [Description("Steps over which the loss must improve by plateau_min_improvement, else the span is a plateau")]
    [Range(2, 1_000_000)]
    public int PlateauWindow { get; init; } = 50;

    [Description("Relative improvement of the smoothed loss over plateau_window below which it is a plateau")]
    [Range(0.0, 1.0)]
    public double PlateauMinImprovement { get; init; } = 0.005;

    [Description("Configured warm-up steps for the schedule check; default: read from the checkpoint's state.json, else inferred")]
    [Range(0, 100_000_000)]
    public int? WarmupSteps { get; init; }

    [Description("Configured peak learning rate for the schedule check; default: from state.json when present")]
    public double? PeakLr { get; init; }

    [Description("Expected learning-rate shape after warm-up")]
    [AllowedValues("decay", "constant", "any")]
    public string Schedule { get; init; } = "decay";
}
