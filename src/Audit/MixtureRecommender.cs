namespace Pipeline.Audit;

/// <summary>
/// The feedback rule: a domain whose share of the held-out loss exceeds its share of the training tokens is
/// under-served. Its raw weight is the current weight × (loss share / token share)^<c>Strength</c>; the weights are then
/// scaled so the token-weighted mean weight is 1 (the next run trains on about as many tokens) and clamped to
/// [<c>MinWeight</c>, <c>MaxWeight</c>] — the scale is solved with the clamp applied, so the final weights both stay
/// inside the clamp and keep the mean at 1 where the clamp allows it. A domain measured on fewer than
/// <c>MinHeldOutTokens</c> held-out tokens keeps its current weight and is reported with a warning: a loss from a few
/// hundred tokens is noise, not evidence. Loss is bits per byte when known (comparable across tokenizers), else nats
/// per token.
/// </summary>
public static class MixtureRecommender
{
    /// <summary>Exponent of the ratio (0 = keep weights, 1 = fully proportional).</summary>
    public const double Strength = 0.5;

    /// <summary>Lowest weight recommended.</summary>
    public const double MinWeight = 0.25;

    /// <summary>Highest weight recommended.</summary>
    public const double MaxWeight = 4.0;

    /// <summary>Held-out tokens a domain needs before its loss moves its weight.</summary>
    public const long MinHeldOutTokens = 2_000;

    /// <summary>One line explaining the rule, for the report.</summary>
    public const string Rule =
        "next weight = current weight × (loss share ÷ token share)^0.5, scaled so the token-weighted mean weight is 1 and clamped to [0.25, 4] " +
        "(the scale is solved with the clamp applied, so no weight leaves the clamp); a domain with fewer than 2,000 held-out tokens keeps its current weight. " +
        "Loss share is the domain's held-out bits per byte over the sum across domains, token share its fraction of training tokens.";

    /// <summary>Recommends weights for the domains present in both <paramref name="loss"/> and <paramref name="trainTokens"/>.</summary>
    /// <param name="loss">Held-out loss per domain.</param>
    /// <param name="trainTokens">Training tokens per domain.</param>
    /// <param name="currentWeights">Weights of the run measured (1 when absent).</param>
    /// <param name="heldOutTokens">Held-out tokens each loss was measured on; when given, domains below
    /// <see cref="MinHeldOutTokens"/> keep their current weight and carry a warning.</param>
    public static List<MixtureRecommendation> Recommend(IReadOnlyDictionary<string, double> loss, IReadOnlyDictionary<string, long> trainTokens,
        IReadOnlyDictionary<string, double>? currentWeights = null, IReadOnlyDictionary<string, long>? heldOutTokens = null)
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
            long? evidence = heldOutTokens is null ? null : heldOutTokens.GetValueOrDefault(d);
            string? warning = evidence < MinHeldOutTokens
                ? $"only {evidence:N0} held-out tokens (fewer than {MinHeldOutTokens:N0}): weight kept at {current:0.###}"
                : null;
            double raw = warning is null ? current * Math.Pow(lossShare / tokenShare, Strength) : current;
            return (Row: new MixtureRecommendation(d, tokenShare, loss[d], lossShare, current, raw, warning), Fixed: warning is not null);
        }).ToList();
        double scale = SolveScale(rows.Select(r => (r.Row.TokenShare, r.Row.NextWeight, r.Fixed)).ToList());
        return rows.Select(r => r.Row with { NextWeight = Math.Round(r.Fixed ? r.Row.NextWeight : Clamp(scale * r.Row.NextWeight), 4) }).ToList();
    }

    private static double Clamp(double w) => Math.Clamp(w, MinWeight, MaxWeight);

    /// <summary>The scale s for which Σ share·clamp(s·raw) (fixed rows unscaled) is 1; monotone in s, so bisection on
    /// log s. When the clamp makes 1 unreachable, the closest end wins.</summary>
    private static double SolveScale(IReadOnlyList<(double Share, double Raw, bool Fixed)> rows)
    {
        double Mean(double s) => rows.Sum(r => r.Share * (r.Fixed ? r.Raw : Clamp(s * r.Raw)));
        double lo = Math.Log(1e-6), hi = Math.Log(1e6);
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (Mean(Math.Exp(mid)) < 1) lo = mid; else hi = mid;
        }
        return Math.Exp((lo + hi) / 2);
    }
}
