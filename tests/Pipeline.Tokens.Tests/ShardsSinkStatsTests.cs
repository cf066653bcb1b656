using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Tokens.Tests;

public sealed class ShardsSinkStatsTests
{
    private sealed class Options
    {
    }

    /// <summary>The test corpus (non-ASCII text: UTF-8 bytes differ from UTF-16 chars).</summary>
    private sealed class CorpusSource : SourceStep
    {
        public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var d in TestData.Documents(120)) yield return d;
            await Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Run_ShardsOfNonAsciiText_BytesOutAreUtf8BytesAndTokenFiguresAreMetrics()
    {
        using var dir = new TempDir();
        var registry = new StepRegistry();
        TokensModule.Register(registry);
        registry.AddSource<Options>("test.corpus", "the test corpus", _ => new CorpusSource());
        var path = dir.File("dag.json");
        File.WriteAllText(path, """
        { "name": "shards", "output_dir": "out", "ledger": false, "steps": [
          { "id": "docs", "uses": "test.corpus" },
          { "id": "shards", "uses": "tokens.shards", "needs": ["docs"], "with": { "tokenizer": "cl100k_base", "output": "shards" } }
        ] }
        """);
        var (plan, errors) = DagValidator.Validate(DagFile.Load(path), registry);
        Assert.True(plan is not null, string.Join("\n", errors));

        var result = await DagRunner.RunAsync(plan!, new RunOptions(), CancellationToken.None);

        Assert.Equal(RunStatus.Completed, result.Status);
        long utf8 = TestData.Documents(120).Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
        long utf16 = TestData.Documents(120).Sum(d => (long)d.Text.Length);
        Assert.NotEqual(utf8, utf16);
        var shards = result.Stats.Single(s => s.StepId == "shards");
        Assert.Equal(utf8, shards.BytesIn);
        Assert.Equal(utf8, shards.BytesOut);
        using var stats = JsonDocument.Parse(File.ReadAllText(result.StatsPath!));
        var step = stats.RootElement.GetProperty("steps").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "shards");
        var manifest = ShardSetManifest.Load(result.Artifacts["shards"][0].Path);
        Assert.Equal(manifest.TrainTokens, step.GetProperty("metrics").GetProperty("train_tokens").GetProperty("value").GetInt64());
        Assert.Equal("tokens", step.GetProperty("metrics").GetProperty("train_tokens").GetProperty("unit").GetString());
    }
}
