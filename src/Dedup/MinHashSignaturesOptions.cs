using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.minhash_signatures</c>: the same signature settings as <c>dedup.minhash</c>, and the output file.</summary>
public sealed class MinHashSignaturesOptions : IValidatableOptions
{
    [Description("Signature file relative to output_dir; the task suffix is added before the extension when the run is split into tasks.")]
    [OutputPath]
    public string Path { get; init; } = "dedup/signatures.mhsig";

    [Description("Words per shingle (word n-gram size) after normalisation.")]
    [Range(1, 64)]
    public int ShingleSize { get; init; } = 5;

    [Description("Number of permutations when bands/rows are chosen from the threshold.")]
    [Range(1, 1024)]
    public int NumPerm { get; init; } = 112;

    [Description("LSH bands; give together with rows (default: chosen from threshold and num_perm, 18 × 6 at 0.8).")]
    [Range(1, 1024)]
    public int? Bands { get; init; }

    [Description("Rows per band; give together with bands.")]
    [Range(1, 1024)]
    public int? Rows { get; init; }

    [Description("Jaccard threshold (default 0.8), recorded in the file as the default of `pipeline dedup cluster`.")]
    [Range(0.01, 0.99)]
    public double? Threshold { get; init; }

    [Description("Weight of false positives when choosing bands/rows from the threshold. Low by default (0.005 against 0.995, giving 18 × 6 at threshold 0.8): every candidate is verified, so a false positive costs one comparison, while a missed pair is lost.")]
    [Range(0.0, 1.0)]
    public double FalsePositiveWeight { get; init; } = 0.005;

    [Description("Weight of false negatives when choosing bands/rows from the threshold.")]
    [Range(0.0, 1.0)]
    public double FalseNegativeWeight { get; init; } = 0.995;

    [Description("'exact' (default): also write each document's coded shingle fingerprints (~1.5 bytes per distinct shingle) so `pipeline dedup cluster` verifies candidates by exact Jaccard like dedup.minhash; 'estimate': signatures only, cluster verifies by the signature estimate.")]
    [AllowedValues("estimate", "exact")]
    public string Verify { get; init; } = "exact";

    [Description("Seed of the permutations; every task must use the same one.")]
    public long Seed { get; init; } = 1;

    [Description("Threads computing signatures (0 = all cores).")]
    [Range(0, 1024)]
    public int Threads { get; init; }

    internal MinHashOptions AsMinHash() => new()
    {
        ShingleSize = ShingleSize,
        NumPerm = NumPerm,
        Bands = Bands,
        Rows = Rows,
        Threshold = Threshold,
        FalsePositiveWeight = FalsePositiveWeight,
        FalseNegativeWeight = FalseNegativeWeight,
        Seed = Seed,
        Threads = Threads,
        Verify = Verify,
    };

    public IEnumerable<(string Key, string Message)> Validate() => AsMinHash().Validate();
}
