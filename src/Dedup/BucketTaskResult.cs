namespace Pipeline.Dedup;

/// <summary>What one bucket task of <see cref="MinHashBuckets"/> did.</summary>
/// <param name="Share">This task's bucket share (0-based).</param>
/// <param name="Shares">Bucket shares (bucket tasks) in all.</param>
/// <param name="SignatureTasks">Stage-1 bucket files read.</param>
/// <param name="Records">(band hash, document) records read, all bands.</param>
/// <param name="LargestBandRecords">Records of the largest band share (what sets the memory).</param>
/// <param name="Buckets">Buckets of two or more documents.</param>
/// <param name="Edges">Distinct candidate edges written.</param>
/// <param name="BytesRead">Bytes read from the bucket files.</param>
/// <param name="BytesWritten">Bytes of the edge file.</param>
/// <param name="EstimatedBytes">The memory estimate checked against the budget.</param>
/// <param name="EdgesPath">The edge file.</param>
public sealed record BucketTaskResult(int Share, int Shares, int SignatureTasks, long Records, long LargestBandRecords, long Buckets, long Edges,
    long BytesRead, long BytesWritten, long EstimatedBytes, string EdgesPath);
