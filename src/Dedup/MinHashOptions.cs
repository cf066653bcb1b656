using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.minhash</c>: the signature settings and where the cluster table goes.</summary>
public sealed record MinHashOptions : MinHashParameters
{
    [Description("Cluster table (Parquet) written when the step completes, relative to output_dir.")]
    [OutputPath]
    public string ClustersPath { get; init; } = "dedup/minhash_clusters.parquet";
}
