using System.Text.Json;
using Pipeline.Testing;
using Pipeline.Tokens;

namespace Pipeline.Cli.Tests;

public sealed class TakedownShardsTests
{
    [Fact]
    public async Task Takedown_Apply_RewritesRealShardSetWithoutTheDocument()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "tok", "output_dir": "out", "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 200, "seed": 9, "min_words": 40, "max_words": 80 } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["web"], "with": { "vocab_size": 300 } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.1 } }
        ] }
        """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        var folder = Path.Combine(dir.Path, "out", "shards");
        var ledger = Path.Combine(dir.Path, "out", "provenance.duckdb");
        var before = ShardSetManifest.Load(folder);
        // a train document: its id, and how many tokens (with its <|endoftext|>) it holds
        var row = File.ReadLines(Path.Combine(folder, ShardSetManifest.IndexFileName))
            .Select(l => JsonDocument.Parse(l).RootElement).First(e => e.GetProperty("split").GetString() == "train");
        var id = row.GetProperty("doc_id").GetString()!;
        long tokens = row.GetProperty("token_count").GetInt64();

        (code, var output, err) = await CliRunner.RunAsync("provenance", "takedown", ledger, "--doc", id, "--apply");

        Assert.True(code == 0, output + err);
        Assert.Contains("rewritten: removed 1 document(s)", output, StringComparison.Ordinal);
        var after = ShardSetManifest.Load(folder);
        Assert.Equal(before.TrainTokens - tokens, after.TrainTokens);
        Assert.Equal(before.Documents - 1, after.Documents);
        Assert.DoesNotContain(File.ReadLines(Path.Combine(folder, ShardSetManifest.IndexFileName)), l => l.Contains(id, StringComparison.Ordinal));
        long onDisk = after.ShardsOf("train").Sum(s => { using var r = ShardReader.Open(after.PathOf(s)); return r.TokenCount; });
        Assert.Equal(after.TrainTokens, onDisk);
        Assert.DoesNotContain(File.ReadLines(Path.Combine(dir.Path, "out", "docs.jsonl")), l => l.Contains(id, StringComparison.Ordinal));
    }
}
