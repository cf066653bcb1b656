namespace Pipeline.Filters.Toxicity;

/// <summary>Held-out figures of one training source: rows used for training, held out, and metrics at the model's threshold.</summary>
public sealed record ToxicitySourceMetrics(string Name, int TrainRows, int HeldOutRows, BinaryMetrics HeldOut);
