using Pipeline.Core.Steps;
using Pipeline.Testing;

namespace Pipeline.Ingest.Tests;

public sealed class SinkDeterminismTests
{
    private static string Dag(int workers) => $$"""
        {
          "name": "io-determinism",
          "output_dir": "out",
          "ledger": false,
          "batch_size": 64,
          "steps": [
            { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 3000, "seed": 21, "min_words": 20, "max_words": 120, "pii_rate": 0.2, "licence_rate": 0.2 } },
            { "id": "a", "uses": "test.pass", "needs": ["web"], "workers": {{workers}} },
            { "id": "b", "uses": "test.pass", "needs": ["a"], "workers": {{workers}}, "with": { "tag": "b" } },
            { "id": "parquet", "uses": "sink.parquet", "needs": ["b"], "with": { "path": "docs.parquet", "row_group_size": 500 } },
            { "id": "jsonl", "uses": "sink.jsonl", "needs": ["b"], "with": { "path": "docs.jsonl.gz" } },
            { "id": "reread", "uses": "ingest.parquet", "needs": ["parquet"] },
            { "id": "again", "uses": "sink.jsonl", "needs": ["reread"], "with": { "path": "again.jsonl" } }
          ]
        }
        """;

    [Fact]
    public async Task Run_Workers1And4_ByteIdenticalParquetAndJsonl()
    {
        using var one = new TempDir();
        using var four = new TempDir();
        var r1 = await SinkTestDag.RunAsync(one.Path, Dag(1));
        await SinkTestDag.RunAsync(four.Path, Dag(4));

        foreach (var name in new[] { "docs.parquet", "docs.jsonl.gz", "again.jsonl" })
        {
            var a = File.ReadAllBytes(Path.Combine(one.Path, "out", name));
            var b = File.ReadAllBytes(Path.Combine(four.Path, "out", name));
            Assert.True(a.Length > 1000, name);
            Assert.Equal(a, b);
        }
        Assert.Equal("3000", r1.Artifacts["parquet"].Single().Get("documents"));
        Assert.Equal("6", r1.Artifacts["parquet"].Single().Get("row_groups"));
        Assert.Equal(3000, File.ReadLines(Path.Combine(one.Path, "out", "again.jsonl")).Count());
        Assert.Contains("\"tag\":\"b\"", File.ReadLines(Path.Combine(one.Path, "out", "again.jsonl")).First(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(one.Path, "out"), "*.tmp-*"));
    }

    [Fact]
    public async Task Run_TwoSchedulerTasks_EachWritesItsShareWithTaskSuffix()
    {
        using var dir = new TempDir();
        const string dag = """
            {
              "name": "io-tasks", "output_dir": "out", "ledger": false,
              "steps": [
                { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 1001, "seed": 3 } },
                { "id": "jsonl", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } }
              ]
            }
            """;
        await SinkTestDag.RunAsync(dir.Path, dag, 0, 2);
        await SinkTestDag.RunAsync(dir.Path, dag, 1, 2);
        var t0 = File.ReadAllLines(Path.Combine(dir.Path, "out", "docs.task-0000.jsonl"));
        var t1 = File.ReadAllLines(Path.Combine(dir.Path, "out", "docs.task-0001.jsonl"));
        Assert.Equal(500, t0.Length);
        Assert.Equal(501, t1.Length);
        Assert.Contains("\"offset\":500,", t1[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownOptionAndBadRange_PathQualifiedErrors()
    {
        using var dir = new TempDir();
        var errors = SinkTestDag.Errors(dir.Path, """
            {
              "name": "bad", "output_dir": "out",
              "steps": [
                { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 0, "seeed": 3 } },
                { "id": "j", "uses": "ingest.jsonl", "with": { "paths": ["missing/*.jsonl"] } },
                { "id": "s", "uses": "sink.parquet", "needs": ["web"], "with": { "row_group_size": 0 } }
              ]
            }
            """);
        Assert.Contains(errors, e => e.Path == "$.steps[0].with.count");
        Assert.Contains(errors, e => e.Path == "$.steps[0].with.seeed" && e.Suggestion == "seed");
        Assert.Contains(errors, e => e.Path == "$.steps[1].with.paths[0]");
        Assert.Contains(errors, e => e.Path == "$.steps[2].with.row_group_size");
    }
}
