using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Synthetic;
using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Dedup.Tests;

public sealed class QualityTests(ITestOutputHelper output)
{
    private async Task<QualityReport> RunAsync(MinHashOptions options, IReadOnlyList<Document>? corpus = null)
    {
        using var dir = new TempDir();
        var docs = corpus ?? NearDupCorpus.Generate(5000, seed: 99);
        var (outs, _) = await Steps.RunAsync(new MinHashStep(options), docs, Steps.Context(dir.Path), batchSize: 512);
        var q = DuplicateQuality.Evaluate(docs, DuplicateQuality.Removals(outs), 0.8);
        output.WriteLine($"{options.Verify} {options.Bands}x{options.Rows}: {q}");
        output.WriteLine("exact-similarity histogram of same-cluster pairs (0.05 bins): " + string.Join(' ', q.ExactSimilarityHistogram));
        Assert.True(q.TruthPairs > 1000);
        return q;
    }

    [Fact]
    public async Task MinHash_ExactVerify5000Docs30PercentNearDuplicates_F1AtLeast095()
    {
        var q = await RunAsync(new MinHashOptions { Threshold = 0.8, Verify = "exact", Bands = 18, Rows = 6 });
        Assert.True(q.F1 >= 0.95, q.ToString());
        Assert.True(q.Precision >= 0.99, q.ToString());
    }

    [Fact]
    public async Task MinHash_DefaultOptions5000Docs30PercentNearDuplicates_F1AtLeast095()
    {
        // What users get with no options: exact verification on 18-bit fingerprints (FingerprintCodec.Bits), bands chosen for recall.
        var q = await RunAsync(new MinHashOptions());
        Assert.True(q.F1 >= 0.95, q.ToString());
        Assert.True(q.Precision >= 0.99 && q.Recall >= 0.95, q.ToString());
    }

    [Fact]
    public async Task MinHash_EstimateVerify14x8_F1AtLeast088()
    {
        // Estimating Jaccard from 112 values has a standard error of ~0.04 near 0.8, and most same-cluster
        // pairs here lie in 0.75–0.9, so estimate mode trades F1 for memory.
        var q = await RunAsync(new MinHashOptions { Threshold = 0.8, Bands = 14, Rows = 8, Verify = "estimate" });
        Assert.True(q.F1 >= 0.88, q.ToString());
        Assert.True(q.F1 < 0.95, q.ToString());
    }

    [Fact]
    public async Task MinHash_SyntheticWeb5000Docs30PercentNearDuplicates_F1AtLeast095()
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Count = 5000, Seed = 5, NearDuplicateRate = 0.3 });
        var docs = Enumerable.Range(0, 5000).Select(i => gen.Generate(i)).ToList();
        Assert.True(docs.Count(d => d.Meta.GetString("synthetic_kind") == "near_duplicate") > 1200);
        var q = await RunAsync(new MinHashOptions(), docs); // defaults
        Assert.True(q.F1 >= 0.95, q.ToString());
    }
}
