namespace Pipeline.Audit;

/// <summary>A value far above its rolling window: <paramref name="Metric"/> is "loss" or "grad_norm".</summary>
public sealed record Spike(long Step, string Metric, double Value, double WindowMean, double WindowStd, double Z);
