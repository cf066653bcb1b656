using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class GateRunTests
{
    [Fact]
    public async Task Run_GateHoldsOnAuditResult_Exit1NamingRuleAndValue()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "gated", "output_dir": "out", "fail_on": ["final_train_loss > 1000", "final_train_loss > 0.5"], "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 300, "seed": 5, "min_words": 40, "max_words": 80 } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["web"], "with": { "vocab_size": 300 } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.1 } },
          { "id": "model", "uses": "train.gpt", "needs": ["shards"], "with": {
              "layers": 1, "heads": 1, "width": 16, "context": 16, "batch_size": 4, "steps": 6, "warmup_steps": 1,
              "eval_every": 6, "eval_batches": 1, "checkpoint_every": 6, "device": "cpu", "threads": 1 } },
          { "id": "stability", "uses": "audit.stability", "needs": ["model", "shards"], "with": { "warmup_steps": 1 } }
        ] }
        """);
        var (code, stdout, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 1, $"exit {code}: {stdout} {err}");
        Assert.Contains("gate failed: final_train_loss > 0.5 (measured ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("final_train_loss > 1000", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "audit", "results.json")));
    }
}
