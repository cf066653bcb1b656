namespace Pipeline.Dedup;

/// <summary>What <see cref="MinHashClustering"/> did.</summary>
/// <param name="Documents">Documents read from all signature files.</param>
/// <param name="Tasks">Signature files (tasks) read.</param>
/// <param name="Removed">Documents listed for removal.</param>
/// <param name="Clusters">Clusters with at least one removed member.</param>
/// <param name="Bands">Bands used.</param>
/// <param name="Rows">Rows per band used.</param>
/// <param name="Threshold">Similarity threshold used.</param>
/// <param name="RemovalLists">Per-task removal list files.</param>
/// <param name="ClusterTablePath">The cluster table (Parquet).</param>
/// <param name="PeakIndexBytes">Bytes of the in-memory arrays (signatures, band buckets, union-find).</param>
public sealed record ClusterResult(long Documents, int Tasks, long Removed, int Clusters, int Bands, int Rows, double Threshold,
    IReadOnlyList<string> RemovalLists, string ClusterTablePath, long PeakIndexBytes)
{
    /// <summary>Documents in a candidate component of two or more (clustering from bucket-task edges).</summary>
    public long Candidates { get; init; }

    /// <summary>Candidate edges read (clustering from bucket-task edges).</summary>
    public long Edges { get; init; }

    /// <summary>Documents of the largest candidate component (clustering from bucket-task edges).</summary>
    public long LargestComponent { get; init; }
}
