using Pipeline.Core.Dag;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;
using Pipeline.Ingest;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class DagRunTests
{
    private static StepRegistry Registry()
    {
        var r = new StepRegistry();
        IngestModule.Register(r);
        DedupModule.Register(r);
        return r;
    }

    private static async Task<RunResult> RunAsync(string dir, string name, string json, int taskIndex = 0, int taskCount = 1)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, json);
        var (plan, errors) = DagValidator.Validate(DagFile.Load(path), Registry());
        Assert.True(plan is not null, string.Join("\n", errors));
        var result = await DagRunner.RunAsync(plan!, new RunOptions { TaskIndex = taskIndex, TaskCount = taskCount, Force = true }, CancellationToken.None);
        Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());
        return result;
    }

    private static string Dag(string output, string dedupStep, string extra = "") => $$"""
        {
          "name": "dedup-test",
          "output_dir": "{{output}}",
          "steps": [
            { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 1500, "seed": 3, "near_duplicate_rate": 0.3 } },
            {{dedupStep}},
            { "id": "kept", "uses": "sink.jsonl", "needs": ["dedup"], "with": { "path": "kept.jsonl" } }{{extra}}
          ]
        }
        """;

    private static HashSet<string> Ids(string jsonl) =>
        File.ReadLines(jsonl).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToHashSet();

    [Fact]
    public async Task Run_MinHashInDag_WorkerCountDoesNotChangeSurvivorsAndRejectsCarryDuplicateOf()
    {
        using var dir = new TempDir();
        await RunAsync(dir.Path, "a.json", Dag("out1", """{ "id": "dedup", "uses": "dedup.minhash", "needs": ["web"], "workers": 1, "with": { "threads": 1 } }""",
            """, { "id": "dropped", "uses": "sink.jsonl", "needs": ["dedup.rejected"], "with": { "path": "dropped.jsonl" } }"""));
        await RunAsync(dir.Path, "b.json", Dag("out2", """{ "id": "dedup", "uses": "dedup.minhash", "needs": ["web"], "workers": 4 }"""));
        var a = Ids(Path.Combine(dir.Path, "out1", "kept.jsonl"));
        Assert.Equal(a, Ids(Path.Combine(dir.Path, "out2", "kept.jsonl")));
        Assert.InRange(a.Count, 750, 1300);
        var dropped = File.ReadLines(Path.Combine(dir.Path, "out1", "dropped.jsonl")).ToList();
        Assert.Equal(1500 - a.Count, dropped.Count);
        Assert.All(dropped, l => Assert.Contains("\"duplicate_of\"", l));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out1", "dedup", "minhash_clusters.parquet")));
    }

    [Fact]
    public async Task Run_StagedOverTwoTasks_SameSurvivorsAsStreaming()
    {
        using var dir = new TempDir();
        await RunAsync(dir.Path, "stream.json", Dag("stream", """{ "id": "dedup", "uses": "dedup.minhash", "needs": ["web"] }"""));
        const string sigs = """
            { "name": "sigs", "output_dir": "staged", "steps": [
              { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 1500, "seed": 3, "near_duplicate_rate": 0.3 } },
              { "id": "sigs", "uses": "dedup.minhash_signatures", "needs": ["web"] } ] }
            """;
        await RunAsync(dir.Path, "sigs.json", sigs, 0, 2);
        await RunAsync(dir.Path, "sigs.json", sigs, 1, 2);
        var files = Directory.GetFiles(Path.Combine(dir.Path, "staged", "dedup"), "signatures*.mhsig");
        Assert.Equal(2, files.Length);
        MinHashClustering.Run(files, Path.Combine(dir.Path, "staged", "clusters"));
        var filter = Dag("staged", """{ "id": "dedup", "uses": "dedup.minhash_filter", "needs": ["web"], "with": { "removals": "staged/clusters" } }""");
        await RunAsync(dir.Path, "filter.json", filter, 0, 2);
        await RunAsync(dir.Path, "filter.json", filter, 1, 2);
        var staged = Ids(Path.Combine(dir.Path, "staged", "kept.task-0000.jsonl"));
        staged.UnionWith(Ids(Path.Combine(dir.Path, "staged", "kept.task-0001.jsonl")));
        Assert.Equal(Ids(Path.Combine(dir.Path, "stream", "kept.jsonl")), staged);
    }

    [Fact]
    public async Task Run_ExactDedupWithoutOptions_ComparesNormalisedText()
    {
        // `key` has a default ('text'), so a step with no `with` must validate and run (it was wrongly marked required)
        using var dir = new TempDir();
        var result = await RunAsync(dir.Path, "exact.json", Dag("out", """{ "id": "dedup", "uses": "dedup.exact", "needs": ["web"] }"""));
        var dedup = result.Stats.Single(s => s.StepId == "dedup");
        Assert.Equal(1500, dedup.In);
        Assert.True(dedup.Dropped > 0, "the synthetic web has exact duplicates");
        Assert.Equal(dedup.In - dedup.Dropped, Ids(Path.Combine(dir.Path, "out", "kept.jsonl")).Count);
    }
}
