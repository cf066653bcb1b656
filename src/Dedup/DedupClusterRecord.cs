using Pipeline.Core.Ledger;

namespace Pipeline.Dedup;

/// <summary>A member of a near-duplicate cluster (<c>dedup_clusters</c>).</summary>
public sealed record DedupClusterRecord(string ClusterId, string DocumentId, string RepresentativeId, double Similarity, string StepId) : LedgerRecord;
