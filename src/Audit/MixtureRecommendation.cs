namespace Pipeline.Audit;

/// <summary>One domain's row of the mixture rule.</summary>
public sealed record MixtureRecommendation(string Domain, double TokenShare, double Loss, double LossShare, double CurrentWeight, double NextWeight);
