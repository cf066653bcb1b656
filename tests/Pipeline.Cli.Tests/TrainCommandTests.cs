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

    [Fact]
    public async Task RunFolder_MovedElsewhere_ShardsCheckpointAndTokenizerStillResolve()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "movable", "output_dir": "out", "ledger": false, "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 120, "seed": 4, "min_words": 40, "max_words": 80 } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["web"], "with": { "vocab_size": 300 } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.1 } },
          { "id": "model", "uses": "train.gpt", "needs": ["shards"], "with": {
              "layers": 1, "heads": 1, "width": 16, "context": 8, "batch_size": 2, "steps": 2, "warmup_steps": 1,
              "eval_every": 2, "eval_batches": 1, "checkpoint_every": 2, "device": "cpu", "threads": 1 } }
        ] }
        """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);

        // the whole run folder moves (another disk, another machine): nothing may point back at the old place
        var moved = dir.File("elsewhere/run");
        Directory.CreateDirectory(dir.File("elsewhere"));
        Directory.Move(Path.Combine(dir.Path, "out"), moved);
        foreach (var json in new[] { Path.Combine(moved, "shards", "manifest.json"), Path.Combine(moved, "train", "checkpoints", "step_000002", "state.json") })
            Assert.DoesNotContain(dir.Path, File.ReadAllText(json), StringComparison.Ordinal);

        var checkpoint = Path.Combine(moved, "train", "checkpoints", "step_000002");
        var gen = await CliRunner.RunAsync("generate", checkpoint, "--prompt", "the", "--tokens", "3", "--device", "cpu");
        Assert.True(gen.Code == 0, gen.Err);
        var resumed = await CliRunner.RunAsync("train", "--shards", Path.Combine(moved, "shards"), "--output", Path.Combine(moved, "train"),
            "--layers", "1", "--heads", "1", "--width", "16", "--context", "8", "--batch-size", "2", "--steps", "4", "--warmup-steps", "1",
            "--eval-every", "2", "--eval-batches", "1", "--checkpoint-every", "2", "--device", "cpu", "--threads", "1");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("resuming from", resumed.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(moved, "train", "checkpoints", "step_000004", "state.json")));
    }
}
