using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

/// <summary>Bucket-sharded staged MinHash dedup (signatures → bucket tasks → edge clustering → filter) equals one process.</summary>
public sealed class BucketShardedTests
{
    private static readonly string[] Words = Enumerable.Range(0, 300).Select(i => new string(['w', (char)('a' + i % 26), (char)('a' + i / 26 % 26), 'z'])).ToArray();

    /// <summary>
    /// The near-duplicate corpus with, spread through it, a chain that drifts below the cluster floor (three words
    /// replaced per step) and a family of 90 near-identical pages (one word each), more than the 64 candidates a
    /// document is compared with, so the candidate cap decides too.
    /// </summary>
    internal static List<Document> Corpus(int seed)
    {
        var docs = NearDupCorpus.Generate(900, seed: seed);
        var chain = Enumerable.Range(0, 6).Select(i =>
        {
            var w = (string[])Words[..200].Clone();
            for (int e = 0; e < 3 * i; e++) w[5 + e * 12] = "edit" + Words[e];
            return Steps.Doc($"chain{i}", string.Join(' ', w));
        }).ToList();
        var family = Enumerable.Range(0, 90).Select(i =>
        {
            var w = (string[])Words.Clone();
            w[(i * 37) % w.Length] = "family" + Words[i];
            return Steps.Doc($"family{i:D2}", string.Join(' ', w));
        }).ToList();
        for (int i = 0; i < chain.Count; i++) docs.Insert(100 + i * 140, chain[i]);
        for (int i = 0; i < family.Count; i++) docs.Insert(50 + i * 10, family[i]);
        return docs;
    }

    internal static IReadOnlyList<Document>[] Split(IReadOnlyList<Document> docs, int tasks) =>
        Enumerable.Range(0, tasks).Select(t => (IReadOnlyList<Document>)docs.Skip(docs.Count * t / tasks).Take(docs.Count * (t + 1) / tasks - docs.Count * t / tasks).ToList()).ToArray();

    /// <summary>Stage 1 in <paramref name="tasks"/>, <paramref name="shares"/> bucket tasks, the edge clustering, then stage 3; the outcomes in task order.</summary>
    private static async Task<(List<Outcome> Outcomes, ClusterResult Result, List<BucketTaskResult> Buckets)> ShardedAsync(string dir, IReadOnlyList<Document> docs,
        int tasks, int shares, MinHashSignaturesOptions options, double? floor = null)
    {
        var parts = Split(docs, tasks);
        var sigs = new List<string>();
        for (int t = 0; t < tasks; t++)
            sigs.Add(Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(options), parts[t], Steps.Context(dir, t, tasks, "sigs"))).Path);
        sigs.Reverse(); // the order files are given in must not matter
        var buckets = new List<BucketTaskResult>();
        for (int k = 0; k < shares; k++) buckets.Add(MinHashBuckets.Run(sigs, k, shares, Path.Combine(dir, "edges"), memoryBudget: null));
        var result = EdgeClustering.Run(sigs, buckets.Select(b => b.EdgesPath).Reverse().ToList(), Path.Combine(dir, "clusters"), floor, null, 0, CancellationToken.None);
        var outs = new List<Outcome>();
        for (int t = 0; t < tasks; t++)
            outs.AddRange((await Steps.RunAsync(new MinHashFilterStep(new MinHashFilterOptions { Removals = "clusters" }), parts[t], Steps.Context(dir, t, tasks, "filter"))).Outcomes);
        return (outs, result, buckets);
    }

    private static IEnumerable<(string, OutcomeAction, string?, string?)> View(IEnumerable<Outcome> outs) =>
        outs.Select(o => (o.Document.Id, o.Action, o.Details, o.Document.Meta.GetString("duplicate_cluster")));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(7, 7)]
    [InlineData(1, 7)]
    [InlineData(7, 1)]
    [InlineData(3, 7)]
    public async Task Sharded_AnyTaskAndBucketCounts_SameSurvivorsAndClustersAsOneProcess(int tasks, int shares)
    {
        using var dir = new TempDir();
        var docs = Corpus(41);
        var (streaming, arts) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path), batchSize: 128);
        var (staged, result, buckets) = await ShardedAsync(dir.Path, docs, tasks, shares, new MinHashSignaturesOptions());
        Assert.Equal(View(streaming), View(staged));
        Assert.Equal(await ClusterTable.ReadAsync(Assert.Single(arts).Path, CancellationToken.None),
            await ClusterTable.ReadAsync(result.ClusterTablePath, CancellationToken.None));
        // the corpus exercises what it should: chained members, the floor, the candidate cap
        var removed = DuplicateQuality.Removals(streaming);
        Assert.True(removed.Count > 250);
        Assert.Equal("chain0", removed["chain2"].Cluster);
        Assert.DoesNotContain("chain3", removed.Keys); // 0.63 from chain0: below the floor, a survivor of its own
        Assert.Equal(89, removed.Keys.Count(k => k.StartsWith("family", StringComparison.Ordinal)));
        Assert.Equal(docs.Count, result.Documents);
        Assert.Equal(shares, buckets.Count);
        Assert.True(result.Candidates < docs.Count, "documents that share no bucket are never loaded");
    }

    [Fact]
    public async Task Sharded_EstimateSignaturesAndLowerFloor_SameAsOneProcessWithThoseOptions()
    {
        using var dir = new TempDir();
        var docs = Corpus(42);
        var (streaming, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { Verify = "estimate", ClusterFloor = 0.6 }), docs, Steps.Context(dir.Path));
        var (staged, _, _) = await ShardedAsync(dir.Path, docs, 3, 2, new MinHashSignaturesOptions { Verify = "estimate" }, floor: 0.6);
        Assert.Equal(View(streaming), View(staged));
    }

    [Fact]
    public async Task Buckets_ShareOverMemoryBudget_FailsBeforeAllocatingWithClearMessage()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(300, seed: 43);
        var sig = Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions()), docs, Steps.Context(dir.Path, 0, 1, "sigs"))).Path;
        // 300 documents × 16 bytes in a band share do not fit in what the budget leaves after the baseline
        var ex = Assert.Throws<MemoryBudgetExceededException>(() => MinHashBuckets.Run([sig], 0, 1, dir.File("edges"), MinHashBuckets.BaselineBytes + 1000));
        Assert.Contains("bucket task 0 of 1 needs about", ex.Message);
        Assert.Contains("more tasks", ex.Message);
        Assert.False(Directory.Exists(dir.File("edges")));
        // with 64 shares each holds a few records per band: within a budget of 2,000 bytes over the baseline
        var ok = MinHashBuckets.Run([sig], 3, 64, dir.File("edges"), MinHashBuckets.BaselineBytes + 2000);
        Assert.True(ok.EstimatedBytes <= MinHashBuckets.BaselineBytes + 2000);
    }

    [Fact]
    public async Task EdgeClustering_CandidatesOverMemoryBudget_FailsBeforeUnionFindWithClearMessage()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(300, seed: 45);
        var sig = Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions()), docs, Steps.Context(dir.Path, 0, 1, "sigs"))).Path;
        var edges = MinHashBuckets.Run([sig], 0, 1, dir.File("edges"), null).EdgesPath;
        var ex = Assert.Throws<MemoryBudgetExceededException>(() =>
            EdgeClustering.Run([sig], [edges], dir.File("clusters"), null, MinHashBuckets.BaselineBytes + 1000, 0, CancellationToken.None));
        Assert.Contains("candidate documents", ex.Message);
        Assert.Contains("more than its memory budget", ex.Message);
        Assert.False(Directory.Exists(dir.File("clusters")));
    }

    [Fact]
    public async Task Buckets_SignatureFileWithoutBucketFile_ClearError()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(20, seed: 44);
        var sig = Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions { BucketFile = false }), docs, Steps.Context(dir.Path, 0, 1, "sigs"))).Path;
        var ex = Assert.Throws<InvalidDataException>(() => MinHashBuckets.Run([sig], 0, 1, dir.File("edges"), null));
        Assert.Contains("has no bucket file", ex.Message);
    }

    [Fact]
    public void TasksFor_TenMillionDocumentsAtTwoGigabytes_FewTasksAndMoreForLess()
    {
        int m = MinHashBuckets.TasksFor(10_000_000, 2L << 30);
        Assert.InRange(m, 1, 4);
        Assert.True(MinHashBuckets.TasksFor(1_000_000_000, 2L << 30) >= 20 * m);
        Assert.Throws<ArgumentException>(() => MinHashBuckets.TasksFor(10, 1 << 20));
    }
}
