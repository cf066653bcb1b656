using Pipeline.Core.Ledger;

namespace Pipeline.Train;

/// <summary>A saved training checkpoint and the token range it has trained on (<c>checkpoints</c>).</summary>
public sealed record CheckpointRecord(string Path, long Step, long TokensSeen, double? TrainLoss, double? ValLoss, string ShardSet, DateTimeOffset SavedAt) : LedgerRecord;
