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
        var folder = await ShardSetRun.RunAsync(dir, 200, 9, 40, 80);
        var ledger = Path.Combine(dir.Path, "out", "provenance.duckdb");
        var before = ShardSetManifest.Load(folder);
        // a train document: its id, and how many tokens (with its <|endoftext|>) it holds
        var row = File.ReadLines(Path.Combine(folder, ShardSetManifest.IndexFileName))
            .Select(l => JsonDocument.Parse(l).RootElement).First(e => e.GetProperty("split").GetString() == "train");
        var id = row.GetProperty("doc_id").GetString()!;
        long tokens = row.GetProperty("token_count").GetInt64();

        var (code, output, err) = await CliRunner.RunAsync("provenance", "takedown", ledger, "--doc", id, "--apply");

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
