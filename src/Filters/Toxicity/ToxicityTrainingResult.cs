namespace Pipeline.Filters.Toxicity;

/// <summary>A trained model (threshold set) and its held-out figures per source.</summary>
public sealed record ToxicityTrainingResult(LinearTextClassifier Model, IReadOnlyList<ToxicitySourceMetrics> Sources);
