using System.Buffers.Binary;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>Licence token totals and the accounting/funnel views, checked against files read without the product's readers.</summary>
public sealed class LicenceAccountingTests
{
    private const string Dag = """
        { "name": "acc", "output_dir": "out", "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 300, "seed": 5, "min_words": 40, "max_words": 90 } },
          { "id": "quality", "uses": "filters.gopher_quality", "needs": ["web"] },
          { "id": "rejected", "uses": "sink.jsonl", "needs": ["quality.rejected"], "with": { "path": "rejected.jsonl" } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["quality"], "with": { "path": "docs.jsonl" } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["quality"], "with": { "vocab_size": 300 } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.2 } }
        ] }
        """;

    private static async Task<string> RunDagAsync(TempDir dir)
    {
        File.WriteAllText(dir.File("dag.json"), Dag);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        return Path.Combine(dir.Path, "out", "provenance.duckdb");
    }

    /// <summary>Token count from an llm.c shard header (int32 word 2), read from the bytes.</summary>
    private static long HeaderTokens(string file)
    {
        Span<byte> header = stackalloc byte[12];
        using var f = File.OpenRead(file);
        f.ReadExactly(header);
        Assert.Equal(20240520, BinaryPrimitives.ReadInt32LittleEndian(header));
        return BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
    }

    [Fact]
    public async Task Licences_ValidationDocumentsWithPerDomainCopies_TotalsEqualShardHeaders()
    {
        using var dir = new TempDir();
        var db = await RunDagAsync(dir);
        var folder = Path.Combine(dir.Path, "out", "shards");
        // the shard set: train_NNNNNN.bin and val_NNNNNN.bin; val_<domain>_NNNNNN.bin are copies of the validation documents
        long train = Directory.GetFiles(folder, "train_*.bin").Sum(HeaderTokens);
        long val = Directory.GetFiles(folder, "val_*.bin")
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), @"^val_\d+\.bin$")).Sum(HeaderTokens);
        long copies = Directory.GetFiles(folder, "val_*.bin").Sum(HeaderTokens) - val;
        Assert.True(val > 0 && copies == val, $"the DAG must produce validation documents and their per-domain copies (val {val}, copies {copies})");

        var (code, output, err) = await CliRunner.RunAsync("provenance", "licences", db, "--format", "csv");

        Assert.True(code == 0, err);
        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal("licence,opt_out_status,documents,kept,dropped,errored,train_tokens,val_tokens,tokens", lines[0]);
        var total = lines.Single(l => l.StartsWith("(total),", StringComparison.Ordinal)).Split(',');
        Assert.Equal(train, long.Parse(total[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(val, long.Parse(total[7], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(train + val, long.Parse(total[8], System.Globalization.CultureInfo.InvariantCulture));
        (_, output, _) = await CliRunner.RunAsync("provenance", "query", db,
            "SELECT split, sum(tokens)::BIGINT AS t FROM tokens_per_licence GROUP BY split ORDER BY split", "--format", "csv");
        Assert.Equal($"split,t\ntrain,{train}\nval,{val}\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Accounting_RejectedPortSink_CountedSeparatelyFromWritten()
    {
        using var dir = new TempDir();
        var db = await RunDagAsync(dir);
        long main = File.ReadLines(Path.Combine(dir.Path, "out", "docs.jsonl")).Count();
        long rejected = File.ReadLines(Path.Combine(dir.Path, "out", "rejected.jsonl")).Count();
        Assert.True(rejected > 0, "the quality filter must reject some documents");

        var (_, output, _) = await CliRunner.RunAsync("provenance", "query", db,
            "SELECT written, written_rejected FROM accounting WHERE run_id = (SELECT run_id FROM runs WHERE dag_name = 'acc')", "--format", "csv");

        Assert.Equal($"written,written_rejected\n{main},{rejected}\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Funnel_StepsWithoutEvents_ZeroNotNullInDagOrder()
    {
        using var dir = new TempDir();
        var db = await RunDagAsync(dir);

        var (_, output, _) = await CliRunner.RunAsync("provenance", "query", db,
            "SELECT step_id, entered, modified, dropped, errored, written FROM funnel", "--format", "csv");

        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.DoesNotContain(lines, l => l.Contains(",,", StringComparison.Ordinal) || l.EndsWith(',') );
        Assert.Equal(["web", "quality", "rejected", "docs", "bpe", "reread", "shards"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.StartsWith("quality,0,0,", lines[2], StringComparison.Ordinal);
    }
}
