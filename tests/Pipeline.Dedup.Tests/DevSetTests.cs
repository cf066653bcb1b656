using Pipeline.Core.Documents;
using Pipeline.Ingest.Html;
using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Dedup.Tests;

/// <summary>Real near duplicates: the dev pages extracted three ways (expected text, our extractor, readability-lxml).</summary>
public sealed class DevSetTests(ITestOutputHelper output)
{
    private const string Pages = "extraction-dev/pages";

    internal static List<Document> Build(ITestOutputHelper output, bool distinctPages = false)
    {
        var pages = SharedData.PathOf(Pages);
        var readability = NearDupDevSet.ReadabilityTexts(Path.Combine(SharedData.RepoRoot, "bench", "peers", "readability_texts.py"), pages, out var why);
        if (readability is null) output.WriteLine($"readability-lxml variant left out: {why}");
        return NearDupDevSet.Build(pages, ExtractionEval.ExtractText, ExtractionEval.AllText, readability, distinctPages);
    }

    private async Task<QualityReport> RunAsync(bool distinctPages)
    {
        using var dir = new TempDir();
        var docs = Build(output, distinctPages);
        var (outs, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path), batchSize: 64);
        var q = NearDupDevSet.Evaluate(docs, DuplicateQuality.Removals(outs), 0.8);
        output.WriteLine($"{docs.Count} documents: {q}");
        Assert.True(q.TruthPairs >= 100, q.ToString());
        return q;
    }

    [SharedDataFact(Pages)]
    public async Task MinHash_DistinctDevPagesExtractedThreeWays_F1AtLeast097NoCrossPageMerges()
    {
        var q = await RunAsync(distinctPages: true);
        Assert.Equal(0, q.CrossSourcePairs);
        Assert.True(q.F1 >= 0.97, q.ToString());
        Assert.True(q.ClusterPairF1 >= 0.97, q.ToString());
    }

    [SharedDataFact(Pages)]
    public async Task MinHash_AllDevPagesWithLoremFixtureFamily_RecallHoldsAndGuardBoundsLargestCluster()
    {
        // ~30 test-fixture pages share one lorem-ipsum body: truth (exact Jaccard ≥ 0.8) joins them across pages.
        // Comparing with kept documents only found 48% of those pairs (F1 0.65); the guard keeps every pair of
        // the largest cluster above 0.65 (measured 0.726; the floor 0.7 guarantees ≥ 0.4 by the Jaccard metric).
        // With the extractor of issue 16's extraction work (captions, bylines and related lists dropped) our variant of
        // the fixture pages drifts further from the other two, the family splits into more clusters (clusters never
        // merge) and pair F1 on this set is 0.76 (0.9555 with the earlier extractor); document recall stays 0.996.
        var q = await RunAsync(distinctPages: false);
        Assert.True(q.F1 >= 0.74, q.ToString());
        Assert.True(q.Precision >= 0.99, q.ToString());
        Assert.True(q.LargestClusterMinSimilarity >= 0.65, q.ToString());
    }

    [SharedDataFact(Pages)]
    public async Task Staged_DevPagesInTwoTasks_SameAsStreaming()
    {
        using var dir = new TempDir();
        var docs = Build(output);
        var (streaming, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path), batchSize: 64);
        var tasks = new[] { docs.Take(docs.Count / 2).ToList(), docs.Skip(docs.Count / 2).ToList() };
        var files = new List<string>();
        for (int t = 0; t < 2; t++)
            files.Add(Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions()), tasks[t], Steps.Context(dir.Path, t, 2, "sigs"))).Path);
        MinHashClustering.Run(files, Path.Combine(dir.Path, "clusters"));
        var staged = new List<Core.Steps.Outcome>();
        for (int t = 0; t < 2; t++)
            staged.AddRange((await Steps.RunAsync(new MinHashFilterStep(new MinHashFilterOptions { Removals = "clusters" }), tasks[t], Steps.Context(dir.Path, t, 2, "filter"))).Outcomes);
        Assert.Equal(DuplicateQuality.Removals(streaming), DuplicateQuality.Removals(staged));
        Assert.True(DuplicateQuality.Removals(streaming).Count > 100);
    }
}
