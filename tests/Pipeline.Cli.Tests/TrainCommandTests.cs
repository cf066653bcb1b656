using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_OptionsDifferFromCheckpointItWouldResume_Exit2NamingNoResumeFlag()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "tok", "output_dir": "out", "ledger": false, "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 120, "seed": 3, "min_words": 40, "max_words": 80 } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["web"], "with": { "vocab_size": 300 } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.1 } }
        ] }
        """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        var shards = Path.Combine(dir.Path, "out", "shards");
        string[] common = ["train", "--shards", shards, "--output", dir.File("model"), "--layers", "1", "--heads", "1",
            "--context", "8", "--batch-size", "2", "--eval-batches", "1", "--warmup-steps", "1", "--device", "cpu", "--threads", "1", "--quiet"];
        var first = await CliRunner.RunAsync([.. common, "--width", "16", "--steps", "1"]);
        Assert.True(first.Code == 0, first.Err);

        var second = await CliRunner.RunAsync([.. common, "--width", "32", "--steps", "2"]);

        Assert.Equal(2, second.Code);
        Assert.Contains("differs from the requested", second.Err, StringComparison.Ordinal);
        Assert.Contains("--no-resume", second.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("set resume to false", second.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Err, StringComparison.Ordinal);
        var fresh = await CliRunner.RunAsync([.. common, "--width", "32", "--steps", "2", "--no-resume"]);
        Assert.True(fresh.Code == 0, fresh.Err);
    }
}
