using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

/// <summary>Staged exact dedup (hash files → bucket tasks by hash range → filter) equals <c>dedup.exact</c> in one process.</summary>
public sealed class ExactStagedTests
{
    /// <summary>The near-duplicate corpus (5% exact copies) plus copies that differ only in case and spacing, and documents without a URL.</summary>
    private static List<Document> Corpus()
    {
        var docs = NearDupCorpus.Generate(700, seed: 51);
        for (int i = 0; i < 40; i++)
        {
            var src = docs[i * 13];
            docs.Insert(100 + i * 15, Steps.Doc($"variant{i}", "  " + src.Text.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal), i % 3 == 0 ? null : $"https://example.org/{i % 7}"));
        }
        return docs.Select((d, i) => d.Source.Url is null && i % 5 != 0 ? d with { Source = d.Source with { Url = $"https://example.org/p{i % 90}" } } : d).ToList();
    }

    private static async Task<List<Outcome>> StagedAsync(string dir, IReadOnlyList<Document> docs, int tasks, int shares, ExactHashesOptions options)
    {
        var parts = BucketShardedTests.Split(docs, tasks);
        var files = new List<string>();
        for (int t = 0; t < tasks; t++)
            files.Add(Assert.Single(await Steps.WriteAsync(new ExactHashesSink(options), parts[t], Steps.Context(dir, t, tasks, "hashes"))).Path);
        files.Reverse();
        for (int k = 0; k < shares; k++) ExactBuckets.Run(files, k, shares, Path.Combine(dir, "exact"), memoryBudget: null);
        var outs = new List<Outcome>();
        for (int t = 0; t < tasks; t++)
            outs.AddRange((await Steps.RunAsync(new ExactFilterStep(new ExactFilterOptions { Removals = "exact" }), parts[t], Steps.Context(dir, t, tasks, "filter"))).Outcomes);
        return outs;
    }

    private static IEnumerable<(string, OutcomeAction, string?, string?)> View(IEnumerable<Outcome> outs) =>
        outs.Select(o => (o.Document.Id, o.Action, o.Details, o.Document.Meta.GetString("duplicate_of")));

    [Theory]
    [InlineData(1, 1, "text")]
    [InlineData(3, 3, "text")]
    [InlineData(7, 7, "text")]
    [InlineData(7, 2, "text")]
    [InlineData(3, 7, "url")]
    [InlineData(1, 3, "url")]
    public async Task Staged_AnyTaskAndBucketCounts_SameAsExactDedupInOneProcess(int tasks, int shares, string key)
    {
        using var dir = new TempDir();
        var docs = Corpus();
        var (single, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Key = key }), docs, Steps.Context(dir.Path), batchSize: 100);
        var staged = await StagedAsync(dir.Path, docs, tasks, shares, new ExactHashesOptions { Key = key });
        Assert.Equal(View(single), View(staged));
        int dropped = single.Count(o => o.Action == OutcomeAction.Dropped);
        Assert.True(dropped > (key == "text" ? 60 : 400), $"{dropped} dropped");
        if (key == "text") Assert.Contains(single, o => o.Document.Id == "variant0" && o.Action == OutcomeAction.Dropped);
    }

    [Fact]
    public async Task Filter_MissingBucketTaskList_ClearErrorNamingIt()
    {
        using var dir = new TempDir();
        var docs = Corpus();
        var files = new List<string>();
        for (int t = 0; t < 2; t++)
            files.Add(Assert.Single(await Steps.WriteAsync(new ExactHashesSink(new ExactHashesOptions()), BucketShardedTests.Split(docs, 2)[t], Steps.Context(dir.Path, t, 2, "hashes"))).Path);
        ExactBuckets.Run(files, 0, 3, dir.File("exact"), null);
        ExactBuckets.Run(files, 2, 3, dir.File("exact"), null);
        var step = new ExactFilterStep(new ExactFilterOptions { Removals = "exact" });
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(async () => await step.OpenAsync(Steps.Context(dir.Path, 1, 2), CancellationToken.None));
        Assert.Contains("bucket task(s) 1 of 3 are missing", ex.Message);
        var over = Assert.Throws<MemoryBudgetExceededException>(() => ExactBuckets.Run(files, 1, 3, dir.File("exact"), MinHashBuckets.BaselineBytes + 100));
        Assert.Contains("exact-dedup bucket task 1 of 3 needs about", over.Message);
    }
}
