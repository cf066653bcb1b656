using System.Text.Json;
using System.Threading.Channels;
using Pipeline.Core.Documents;
using Pipeline.Core.Running;
using Pipeline.Testing;

namespace Pipeline.Core.Tests;

public sealed class RunnerContractTests
{
    [Fact]
    public async Task Run_StepWhoseCountsDoNotBalance_FailsNamingStepAndCounts()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, """
        { "name": "miscount", "output_dir": "out", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": 40 } },
          { "id": "twice", "uses": "test.miscount", "needs": ["src"] },
          { "id": "sink", "uses": "test.lines", "needs": ["twice"], "with": { "path": "out.txt" } }
        ] }
        """);

        var result = await DagTestHelper.RunAsync(plan);

        Assert.Equal(RunStatus.Failed, result.Status);
        var message = result.Error!.Message;
        Assert.Contains("'twice'", message, StringComparison.Ordinal);
        Assert.Contains("in 40 != out 40 + dropped 40 + errors 0", message, StringComparison.Ordinal);
        using var stats = JsonDocument.Parse(File.ReadAllText(result.StatsPath!));
        Assert.Equal("failed", stats.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_SourceSkipsAndSinkMetric_CountsBalanceAndStatsCarryMetric()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, """
        { "name": "metric", "output_dir": "out", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": 25 } },
          { "id": "sink", "uses": "test.lines", "needs": ["src"], "with": { "path": "out.txt" } }
        ] }
        """);

        var result = await DagTestHelper.RunAsync(plan);

        Assert.Equal(RunStatus.Completed, result.Status);
        var src = result.Stats.Single(s => s.StepId == "src");
        Assert.Equal(25, src.In);
        Assert.Equal(25, src.Out);
        using var stats = JsonDocument.Parse(File.ReadAllText(result.StatsPath!));
        var sink = stats.RootElement.GetProperty("steps").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "sink");
        var lines = sink.GetProperty("metrics").GetProperty("lines");
        Assert.Equal(25, lines.GetProperty("value").GetDouble());
        Assert.Equal("lines", lines.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Run_ProcessorThrows_DownstreamSinkSeesTheFailureAndPublishesNothing()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, """
        { "name": "fault", "output_dir": "out", "batch_size": 4, "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": 100 } },
          { "id": "boom", "uses": "test.mod", "needs": ["src"], "with": { "mode": "keep", "throw_on": 37 } },
          { "id": "sink", "uses": "test.lines", "needs": ["boom"], "with": { "path": "out.txt" } }
        ] }
        """);

        var result = await DagTestHelper.RunAsync(plan);

        Assert.Equal(RunStatus.Failed, result.Status);
        var failed = Assert.IsType<StepFailedException>(result.Error);
        Assert.Equal("boom", failed.StepId);
        Assert.Contains("boom at 37", failed.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "out.txt")));
        Assert.DoesNotContain("sink", result.Artifacts.Keys);
    }

    [Fact]
    public async Task Merge_ProducerFaultedEdge_ThrowsTheProducersException()
    {
        var healthy = Edges.Create(4);
        var faulted = Edges.Create(4);
        var doc = new Document("d", "x", SourceRef.Synthetic("t", 0));
        await healthy.Writer.WriteAsync(new Batch([doc], 1, [1]));
        Edges.Complete([healthy], null);
        var failure = new InvalidDataException("upstream broke");
        Edges.Complete([faulted], failure);

        int seen = 0;
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var b in Edges.MergeAsync([healthy, faulted], CancellationToken.None)) seen += b.Count;
        });

        Assert.Same(failure, ex);
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Validate_WorkersOnSequentialProcessor_Warns()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, """
        { "name": "seq", "output_dir": "out", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": 5 } },
          { "id": "inorder", "uses": "test.sequential", "needs": ["src"], "workers": 4 },
          { "id": "parallel", "uses": "test.mod", "needs": ["inorder"], "workers": 4 },
          { "id": "sink", "uses": "test.lines", "needs": ["parallel"], "with": { "path": "out.txt" } }
        ] }
        """);

        var w = Assert.Single(plan.Warnings);
        Assert.Equal("$.steps[1].workers", w.Path);
        Assert.Contains("no effect", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ArtifactNeedInsideOwnStream_ReportsPlannerError()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """
        { "name": "loop", "output_dir": "out", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": 5 } },
          { "id": "sink", "uses": "test.lines", "needs": ["src"], "with": { "path": "a.txt" } },
          { "id": "again", "uses": "test.lines", "needs": ["src", "sink"], "with": { "path": "b.txt" } }
        ] }
        """);

        Assert.Contains(errors, e => e.Message.Contains("fed by the same document stream", StringComparison.Ordinal));
    }
}
