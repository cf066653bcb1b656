using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class StagedDedupTests
{
    private static async Task<List<(string Id, OutcomeAction Action, string? Details)>> StagedAsync(string dir, IReadOnlyList<Document>[] tasks,
        MinHashSignaturesOptions sigOptions)
    {
        var files = new List<string>();
        for (int t = 0; t < tasks.Length; t++)
        {
            var arts = await Steps.WriteAsync(new MinHashSignaturesSink(sigOptions), tasks[t], Steps.Context(dir, t, tasks.Length, "sigs"));
            files.Add(Assert.Single(arts).Path);
        }
        files.Reverse(); // order of the inputs must not matter
        var result = MinHashClustering.Run(files, Path.Combine(dir, "clusters"));
        Assert.Equal(tasks.Sum(t => t.Count), result.Documents);
        var all = new List<(string, OutcomeAction, string?)>();
        for (int t = 0; t < tasks.Length; t++)
        {
            var step = new MinHashFilterStep(new MinHashFilterOptions { Removals = "clusters" });
            var (outs, _) = await Steps.RunAsync(step, tasks[t], Steps.Context(dir, t, tasks.Length, "filter"));
            all.AddRange(outs.Select(o => (o.Document.Id, o.Action, o.Details)));
        }
        return all;
    }

    private static async Task<List<(string Id, OutcomeAction Action, string? Details)>> StreamingAsync(string dir, IReadOnlyList<Document> docs, MinHashOptions options)
    {
        var (outs, _) = await Steps.RunAsync(new MinHashStep(options), docs, Steps.Context(dir), batchSize: 100);
        return outs.Select(o => (o.Document.Id, o.Action, o.Details)).ToList();
    }

    [Fact]
    public async Task Staged_OneTask_SameSurvivorsAsStreaming()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(1200, seed: 21);
        var streaming = await StreamingAsync(dir.Path, docs, new MinHashOptions());
        var staged = await StagedAsync(dir.Path, [docs], new MinHashSignaturesOptions());
        Assert.Equal(streaming, staged);
        Assert.True(streaming.Count(s => s.Action == OutcomeAction.Dropped) > 250);
        Assert.True(File.Exists(Path.Combine(dir.Path, "clusters", "removals.tsv")));
    }

    [Fact]
    public async Task Staged_ThreeTasks_SameSurvivorsAndClustersAsStreamingInTaskOrder()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(1500, seed: 22);
        var tasks = new IReadOnlyList<Document>[] { docs.Take(400).ToList(), docs.Skip(400).Take(600).ToList(), docs.Skip(1000).ToList() };
        var options = new MinHashOptions { Threshold = 0.75 };
        var streaming = await StreamingAsync(dir.Path, docs, options);
        var staged = await StagedAsync(dir.Path, tasks, new MinHashSignaturesOptions { Threshold = 0.75 });
        Assert.Equal(streaming, staged);
        var streamClusters = await ClusterTable.ReadAsync(Path.Combine(dir.Path, "dedup", "minhash_clusters.parquet"), CancellationToken.None);
        var stagedClusters = await ClusterTable.ReadAsync(Path.Combine(dir.Path, "clusters", "clusters.parquet"), CancellationToken.None);
        Assert.Equal(streamClusters, stagedClusters);
        Assert.True(File.Exists(Path.Combine(dir.Path, "clusters", "removals.task-0002.tsv")));
    }

    [Fact]
    public async Task Staged_EstimateSignaturesTwoTasks_EqualsStreamingEstimateModeNotExactMode()
    {
        // Signatures written with verify "estimate" carry no fingerprints: `cluster` then verifies by the signature
        // estimate, exactly like the streaming step with verify "estimate" (and unlike the default exact mode).
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(1200, seed: 23);
        var estimate = await StreamingAsync(dir.Path, docs, new MinHashOptions { Verify = "estimate" });
        var exact = await StreamingAsync(dir.Path, docs, new MinHashOptions());
        var staged = await StagedAsync(dir.Path, [docs.Take(500).ToList(), docs.Skip(500).ToList()], new MinHashSignaturesOptions { Verify = "estimate" });
        Assert.Equal(estimate, staged);
        Assert.NotEqual(exact, staged);
    }

    [Fact]
    public async Task Cluster_MixedExactAndEstimateSignatureFiles_ClearError()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(50, seed: 24);
        var a = await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions()), docs, Steps.Context(dir.Path, 0, 2, "sigs"));
        var b = await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions { Verify = "estimate" }), docs, Steps.Context(dir.Path, 1, 2, "sigs"));
        var ex = Assert.Throws<InvalidDataException>(() => MinHashClustering.Run([a[0].Path, b[0].Path], dir.File("out")));
        Assert.Contains("verify estimate", ex.Message);
    }

    [Fact]
    public async Task Filter_MissingRemovalList_ClearError()
    {
        using var dir = new TempDir();
        var step = new MinHashFilterStep(new MinHashFilterOptions { Removals = "nowhere" });
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(async () => await step.OpenAsync(Steps.Context(dir.Path, 1, 4), CancellationToken.None));
        Assert.Contains("removals.task-0001.tsv", ex.Message);
        Assert.Contains("pipeline dedup cluster", ex.Message);
    }

    [Fact]
    public void Cluster_NotASignatureFile_ClearError()
    {
        using var dir = new TempDir();
        var bad = dir.File("bad.mhsig");
        File.WriteAllText(bad, "hello");
        var ex = Assert.Throws<InvalidDataException>(() => MinHashClustering.Run([bad], dir.File("out")));
        Assert.Contains("not a MinHash signature file", ex.Message);
    }

    [Fact]
    public async Task Filter_ThreeColumnRemovalListFromOlderVersion_ClusterIsTheNamedDocument()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("old"));
        File.WriteAllText(Path.Combine(dir.File("old"), "removals.tsv"), "member\tduplicate_of\tsimilarity\nb\ta\t0.9\n");
        var docs = new[] { Steps.Doc("a", "x"), Steps.Doc("b", "y") };
        var (outs, _) = await Steps.RunAsync(new MinHashFilterStep(new MinHashFilterOptions { Removals = "old" }), docs, Steps.Context(dir.Path));
        Assert.Equal(OutcomeAction.Dropped, outs[1].Action);
        Assert.Equal(("a", "a"), (outs[1].Document.Meta.GetString("duplicate_of"), outs[1].Document.Meta.GetString("duplicate_cluster")));
        Assert.Equal("duplicate_of=a similarity=0.9", outs[1].Details);
    }
}
