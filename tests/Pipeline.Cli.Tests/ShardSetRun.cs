using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>Runs a real DAG that writes synthetic documents, trains a BPE on them and builds a shard set.</summary>
internal static class ShardSetRun
{
    /// <summary>Runs it in <paramref name="dir"/> over <paramref name="count"/> documents; returns the shard-set folder (out/shards).</summary>
    public static async Task<string> RunAsync(TempDir dir, int count, int seed, int minWords, int maxWords)
    {
        File.WriteAllText(dir.File("dag.json"), $$"""
        { "name": "tok", "output_dir": "out", "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{count}}, "seed": {{seed}}, "min_words": {{minWords}}, "max_words": {{maxWords}} } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["web"], "with": { "vocab_size": 300 } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.1 } }
        ] }
        """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        return Path.Combine(dir.Path, "out", "shards");
    }
}
