using System.Globalization;

namespace Pipeline.Dedup;

/// <summary>Result of <see cref="DuplicateQuality.Evaluate"/>.</summary>
public sealed class QualityReport
{
    public long Documents { get; init; }

    /// <summary>Same-cluster pairs with exact Jaccard ≥ threshold.</summary>
    public long TruthPairs { get; init; }

    /// <summary>Pairs in the same predicted cluster (representative and removed members, all pairs).</summary>
    public long PredictedPairs { get; init; }

    /// <summary>Predicted pairs that are truth pairs.</summary>
    public long TruePositivePairs { get; init; }

    /// <summary>Pairs in the same predicted cluster whose documents come from different sources (pages, synthetic clusters).</summary>
    public long CrossSourcePairs { get; init; }

    /// <summary>Members (survivor included) of the largest predicted cluster.</summary>
    public int LargestCluster { get; init; }

    /// <summary>The chaining guard figure: the lowest exact similarity of two members of the largest cluster.</summary>
    public double LargestClusterMinSimilarity { get; init; } = 1;

    /// <summary>The lowest exact similarity of two members of any predicted cluster.</summary>
    public double MinClusterPairSimilarity { get; init; } = 1;

    /// <summary>Removed documents.</summary>
    public long Removed { get; init; }

    /// <summary>Removed documents whose matched document is a truth partner.</summary>
    public long CorrectRemovals { get; init; }

    /// <summary>Documents with an earlier truth partner.</summary>
    public long ShouldBeRemoved { get; init; }

    /// <summary>Removed documents that have an earlier truth partner.</summary>
    public long RemovedShouldBeRemoved { get; init; }

    /// <summary>Exact Jaccard of all same-cluster pairs in 20 bins of 0.05.</summary>
    public IReadOnlyList<long> ExactSimilarityHistogram { get; init; } = [];

    /// <summary>Precision: removals whose matched document is a truth partner (each removal claims one pair).</summary>
    public double Precision => Removed == 0 ? 1 : CorrectRemovals / (double)Removed;

    /// <summary>Recall: truth pairs placed in the same predicted cluster.</summary>
    public double Recall => TruthPairs == 0 ? 1 : TruePositivePairs / (double)TruthPairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Precision over all pairs inside predicted clusters (members of one cluster are not always within the threshold of each other).</summary>
    public double ClusterPairPrecision => PredictedPairs == 0 ? 1 : TruePositivePairs / (double)PredictedPairs;

    /// <summary>F1 of <see cref="ClusterPairPrecision"/> and <see cref="Recall"/>: every pair of one cluster counts as a claimed near duplicate.</summary>
    public double ClusterPairF1 => ClusterPairPrecision + Recall == 0 ? 0 : 2 * ClusterPairPrecision * Recall / (ClusterPairPrecision + Recall);

    /// <summary>Document recall: documents with an earlier truth partner that were removed.</summary>
    public double DocumentRecall => ShouldBeRemoved == 0 ? 1 : RemovedShouldBeRemoved / (double)ShouldBeRemoved;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"P={Precision:F4} R={Recall:F4} F1={F1:F4} (removed {Removed}, truth pairs {TruthPairs}); all-pairs-in-cluster P={ClusterPairPrecision:F4} F1={ClusterPairF1:F4} ({PredictedPairs} pairs, {CrossSourcePairs} cross-source); document recall {DocumentRecall:F4} ({ShouldBeRemoved} should go); largest cluster {LargestCluster} (min pair similarity {LargestClusterMinSimilarity:F3}), min pair similarity in any cluster {MinClusterPairSimilarity:F3}");
}
