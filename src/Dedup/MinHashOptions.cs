using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.minhash</c>: the signature settings and where the cluster table goes.</summary>
public sealed record MinHashOptions : MinHashParameters
{
    [Description("Chaining guard: a document joins a cluster through any member it matches (similarity ≥ threshold) only when its similarity to the cluster's survivor (first document) is at least this. Default: threshold − 0.1 (0.7 at 0.8). Set it to the threshold for star clusters (every member ≥ threshold from the survivor).")]
    [Range(0.0, 1.0)]
    public double? ClusterFloor { get; init; }

    [Description("Cluster table (Parquet) written when the step completes, relative to output_dir.")]
    [OutputPath]
    public string ClustersPath { get; init; } = "dedup/minhash_clusters.parquet";
}
