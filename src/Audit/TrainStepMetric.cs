namespace Pipeline.Audit;

/// <summary>One optimizer step from metrics.jsonl.</summary>
public sealed record TrainStepMetric(long Step, double Loss, double LearningRate, double GradNorm, double TokensPerSecond, IReadOnlyList<BatchRef> Batch);
