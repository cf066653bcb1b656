using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>The signature settings shared by <c>dedup.minhash</c> and <c>dedup.minhash_signatures</c>.</summary>
public abstract record MinHashParameters : IValidatableOptions
{
    [Description("Words per shingle (word n-gram size) after normalisation.")]
    [Range(1, 64)]
    public int ShingleSize { get; init; } = 5;

    [Description("Number of permutations when bands/rows are chosen from the threshold (bands × rows ≤ num_perm).")]
    [Range(1, 1024)]
    public int NumPerm { get; init; } = 112;

    [Description("LSH bands; give together with rows. Default: chosen for threshold and num_perm by minimising weighted false positives + negatives (18 × 6 at 0.8).")]
    [Range(1, 1024)]
    public int? Bands { get; init; }

    [Description("Rows (signature values) per band; give together with bands.")]
    [Range(1, 1024)]
    public int? Rows { get; init; }

    [Description("Jaccard similarity at or above which a document is a near duplicate (default 0.8). Setting it without bands/rows picks bands and rows for it. dedup.minhash_signatures records it in the file as the default of `pipeline dedup cluster`.")]
    [Range(0.01, 0.99)]
    public double? Threshold { get; init; }

    [Description("Weight of false positives when choosing bands/rows from the threshold. Low by default (0.005 against 0.995, giving 18 × 6 at threshold 0.8): every candidate is verified, so a false positive costs one comparison, while a missed pair is lost.")]
    [Range(0.0, 1.0)]
    public double FalsePositiveWeight { get; init; } = 0.005;

    [Description("Weight of false negatives when choosing bands/rows from the threshold.")]
    [Range(0.0, 1.0)]
    public double FalseNegativeWeight { get; init; } = 0.995;

    [Description("How a band collision is checked: 'exact' (default: Jaccard of the shingle sets, kept as Rice-coded 18-bit fingerprints, ~1.5 bytes per distinct shingle of each kept document; dedup.minhash_signatures writes them into the file so `pipeline dedup cluster` checks the same way) or 'estimate' (Jaccard estimated from the 16-bit signature values: less memory for long documents, but F1 ~0.91 instead of ~0.999 on synthetic near duplicates at 0.8).")]
    [AllowedValues("estimate", "exact")]
    public string Verify { get; init; } = "exact";

    [Description("Seed of the permutations (signatures are comparable only with the same seed, shingle size and num_perm; every task of a staged run must use the same one).")]
    public long Seed { get; init; } = 1;

    [Description("Threads computing signatures inside a batch (0 = all cores). Results do not depend on it.")]
    [Range(0, 1024)]
    public int Threads { get; init; }

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Bands.HasValue != Rows.HasValue)
            yield return (Bands.HasValue ? "rows" : "bands", "give both bands and rows, or neither (then they are chosen from threshold and num_perm)");
        if (Bands is { } b && Rows is { } r && b * r > 4096)
            yield return ("bands", $"bands × rows = {b * r} is too many permutations (at most 4096)");
        if (FalsePositiveWeight + FalseNegativeWeight <= 0)
            yield return ("false_positive_weight", "false_positive_weight + false_negative_weight must be above 0");
    }

    /// <summary>The default chaining guard for <paramref name="threshold"/>: a member's similarity to its cluster's survivor must reach this.</summary>
    public static double DefaultClusterFloor(double threshold) => Math.Max(0, Math.Round(threshold - 0.1, 4));

    /// <summary>The resolved settings: explicit bands/rows, or chosen from threshold (default 0.8) and num_perm.</summary>
    internal MinHashSettings Resolve()
    {
        double t = Threshold ?? 0.8;
        int bands, rows;
        if (Bands is { } b && Rows is { } r) (bands, rows) = (b, r);
        else (bands, rows) = LshParameters.Optimal(t, NumPerm, FalsePositiveWeight, FalseNegativeWeight);
        return new MinHashSettings(ShingleSize, bands, rows, t, (ulong)Seed, Verify == "exact");
    }
}
