namespace Pipeline.Audit;

/// <summary>
/// The feedback rule: a domain whose share of the held-out loss exceeds its share of the training tokens is
/// under-served. Its weight is multiplied by (loss share / token share)^<c>Strength</c>, clamped to
/// [<c>MinWeight</c>, <c>MaxWeight</c>], then all weights are scaled so the token-weighted mean weight stays 1
/// (the next run trains on about as many tokens). Loss is bits per byte when known (comparable across
/// tokenizers), else nats per token.
/// </summary>
public static class MixtureRecommender
{
    /// <summary>Exponent of the ratio (0 = keep weights, 1 = fully proportional).</summary>
    public const double Strength = 0.5;

    /// <summary>Lowest weight recommended.</summary>
    public const double MinWeight = 0.25;

    /// <summary>Highest weight recommended.</summary>
    public const double MaxWeight = 4.0;

    /// <summary>One line explaining the rule, for the report.</summary>
    public const string Rule =
        "next weight = current weight × (loss share ÷ token share)^0.5, clamped to [0.25, 4], then scaled so the token-weighted mean weight is 1; " +
        "loss share is the domain's held-out bits per byte over the sum across domains, token share its fraction of training tokens.";

    /// <summary>Recommends weights for the domains present in both <paramref name="loss"/> and <paramref name="trainTokens"/>.</summary>
    public static List<MixtureRecommendation> Recommend(IReadOnlyDictionary<string, double> loss, IReadOnlyDictionary<string, long> trainTokens, IReadOnlyDictionary<string, double>? currentWeights = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(trainTokens);
        var domains = loss.Keys.Where(d => double.IsFinite(loss[d]) && loss[d] > 0 && trainTokens.GetValueOrDefault(d) > 0).Order(StringComparer.Ordinal).ToList();
        if (domains.Count == 0) return [];
        double totalTokens = domains.Sum(d => (double)trainTokens[d]);
        double totalLoss = domains.Sum(d => loss[d]);
        var rows = domains.Select(d =>
        {
            double tokenShare = trainTokens[d] / totalTokens;
            double lossShare = loss[d] / totalLoss;
            double current = currentWeights?.GetValueOrDefault(d, 1.0) ?? 1.0;
            double next = Math.Clamp(current * Math.Pow(lossShare / tokenShare, Strength), MinWeight, MaxWeight);
            return new MixtureRecommendation(d, tokenShare, loss[d], lossShare, current, next);
        }).ToList();
        double mean = rows.Sum(r => r.TokenShare * r.NextWeight);
        return rows.Select(r => r with { NextWeight = Math.Round(r.NextWeight / mean, 4) }).ToList();
    }
}
