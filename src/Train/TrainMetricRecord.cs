using Pipeline.Core.Ledger;

namespace Pipeline.Train;

/// <summary>One step's metrics in training (<c>train_metrics</c>, and its batch's shard ranges in <c>train_batches</c>).</summary>
public sealed record TrainMetricRecord(long Step, double Loss, double LearningRate, double GradNorm, double TokensPerSecond, string BatchRef) : LedgerRecord;
