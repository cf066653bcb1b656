namespace Pipeline.Audit;

/// <summary>One domain's row of the mixture rule; <paramref name="Warning"/> is set when the evidence was too thin to
/// move the weight.</summary>
public sealed record MixtureRecommendation(string Domain, double TokenShare, double Loss, double LossShare, double CurrentWeight, double NextWeight, string? Warning = null);
