using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Registers the steps of Pipeline.Dedup.</summary>
public static class DedupModule
{
    /// <summary>Table mappings of this assembly's ledger records (<see cref="DedupClusterRecord"/> → <c>dedup_clusters</c>).</summary>
    public static LedgerMappings LedgerMappings()
    {
        var clusters = new LedgerTable("dedup_clusters", ("cluster_id", LedgerColumnType.Text), ("doc_id", LedgerColumnType.Text),
            ("representative_id", LedgerColumnType.Text), ("similarity", LedgerColumnType.Double), ("step_id", LedgerColumnType.Text));
        return new LedgerMappings().Map<DedupClusterRecord>((r, w) =>
            w.Row(clusters).Text(r.ClusterId).Text(r.DocumentId).Text(r.RepresentativeId).Double(r.Similarity).Text(r.StepId).End(), clusters);
    }

    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddProcessor<ExactDedupOptions>("dedup.exact",
            "Drop exact duplicates (XxHash128 of normalised text, URL or a metadata key); first occurrence kept", o => new ExactDedupStep(o));
        registry.AddProcessor<MinHashOptions>("dedup.minhash",
            "Drop near duplicates with MinHash LSH (streaming, one machine); writes a cluster table", o => new MinHashStep(o));
        registry.AddSink<MinHashSignaturesOptions>("dedup.minhash_signatures",
            "Staged dedup, stage 1: write this task's MinHash signatures for `pipeline dedup cluster`", o => new MinHashSignaturesSink(o));
        registry.AddSink<ExactHashesOptions>("dedup.exact_hashes",
            "Staged exact dedup, stage 1: write this task's key hashes (sorted) for `pipeline dedup buckets`", o => new ExactHashesSink(o));
        registry.AddProcessor<ExactFilterOptions>("dedup.exact_filter",
            "Staged exact dedup, stage 3: drop the exact duplicates the bucket tasks listed for this task (first occurrence in global input order kept)", o => new ExactFilterStep(o));
        registry.AddProcessor<MinHashFilterOptions>("dedup.minhash_filter",
            "Staged dedup, stage 3: drop the documents on this task's removal list from `pipeline dedup cluster`", o => new MinHashFilterStep(o));
    }
}
