using System.Text.Json;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Cli.Tests;

public sealed class ProvenanceCommandTests
{
    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => ProvenanceCliHelpers.RunAsync(args);

    [Fact]
    public async Task Query_Csv_PrintsRows()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var (code, output, err) = await RunAsync("provenance", "query", db, "SELECT entered, kept, dropped, errored FROM accounting", "--format", "csv");
        Assert.True(code == 0, err);
        Assert.Equal("entered,kept,dropped,errored\n20,10,10,0\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Query_Json_PrintsObjects()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var (code, output, _) = await RunAsync("provenance", "query", db, "SELECT step_id, reason, documents FROM step_reasons", "--format", "json");
        Assert.Equal(0, code);
        var row = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        Assert.Equal("quality", row.GetProperty("step_id").GetString());
        Assert.Equal("gopher_quality:too_short", row.GetProperty("reason").GetString());
        Assert.Equal(10, row.GetProperty("documents").GetInt64());
    }

    [Theory]
    [InlineData("INSERT INTO runs (run_id) VALUES ('x')")]
    [InlineData("COPY (SELECT * FROM documents) TO 'leak.csv'")]
    [InlineData("ATTACH 'other.duckdb' AS o")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELEKT 1")]
    public async Task Query_WriteFileAccessOrBadSql_Exit2AndLedgerUnchanged(string sql)
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var before = File.ReadAllBytes(db);
        var (code, output, err) = await RunAsync("provenance", "query", db, sql);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.Equal(["provenance.duckdb", "keptrun-1.jsonl"], Directory.GetFiles(d.Path).Select(f => Path.GetFileName(f)!).OrderDescending(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Query_BadFormat_Exit2WithUsage()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var (code, _, err) = await RunAsync("provenance", "query", db, "SELECT 1", "--format", "xml");
        Assert.Equal(2, code);
        Assert.Contains("--format must be one of table, csv, json", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_DroppedAndKeptDocuments_PrintLineage()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var (code, output, _) = await RunAsync("provenance", "trace", db, ProvenanceLedgerBuilder.Url(1));
        Assert.Equal(0, code);
        Assert.Contains($"document {ProvenanceLedgerBuilder.Id(1)}", output, StringComparison.Ordinal);
        Assert.Contains("status:    dropped by quality (gopher_quality:too_short)", output, StringComparison.Ordinal);
        Assert.Contains("file:      crawl/a.warc.gz @ byte 1000  record <urn:uuid:1>", output, StringComparison.Ordinal);
        Assert.Contains("sha256 " + new string('b', 64), output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("provenance", "trace", db, ProvenanceLedgerBuilder.Id(2));
        Assert.Equal(0, code);
        Assert.Contains("status:    kept", output, StringComparison.Ordinal);
        Assert.Contains("[keep] written", output, StringComparison.Ordinal);
        Assert.Contains("tokenized", output, StringComparison.Ordinal);
        Assert.Contains("tokens 5..10 (5 tokens, train)", output, StringComparison.Ordinal);

        (code, _, var err) = await RunAsync("provenance", "trace", db, "https://nowhere.example/");
        Assert.Equal(2, code);
        Assert.Contains("no document with id or URL", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Licences_Csv_CountsPerLicenceAndOptOut()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var (code, output, _) = await RunAsync("provenance", "licences", db, "--format", "csv");
        Assert.Equal(0, code);
        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal("licence,opt_out_status,documents,kept,dropped,errored,train_tokens,val_tokens,tokens", lines[0]);
        Assert.Contains("CC-BY-4.0,no_opt_out,10,5,5,0,25,0,25", lines);
        Assert.Contains("unknown,no_opt_out,9,4,5,0,20,0,20", lines);
        Assert.Contains("unknown,opted_out,1,1,0,0,5,0,5", lines);
    }

    [Fact]
    public async Task Takedown_DryRunThenApply_RewritesOutputAndReportsShards()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var kept = Path.Combine(d.Path, "keptrun-1.jsonl");
        var (code, output, _) = await RunAsync("provenance", "takedown", db, "--domain", "example.net");
        Assert.Equal(0, code);
        Assert.Contains("10 document(s)", output, StringComparison.Ordinal);
        Assert.Contains(kept, output, StringComparison.Ordinal);
        Assert.Contains("train_000000.bin  tokens 5..10", output, StringComparison.Ordinal);
        Assert.Contains("dry run", output, StringComparison.Ordinal);
        Assert.Equal(10, File.ReadAllLines(kept).Length);

        (code, output, var err) = await RunAsync("provenance", "takedown", db, "--domain", "example.net", "--apply");
        Assert.Equal(1, code); // the ledger names a shard folder without manifest.json: it cannot be rewritten
        Assert.Contains("removed 5, kept 5", output, StringComparison.Ordinal);
        Assert.Contains("takedown incomplete: 1 shard set(s) still hold these documents", err, StringComparison.Ordinal);
        Assert.Contains("no manifest.json", err, StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(kept).Length);
        Assert.DoesNotContain(File.ReadLines(kept), l => l.Contains(ProvenanceLedgerBuilder.Id(2), StringComparison.Ordinal));
        (code, output, _) = await RunAsync("provenance", "query", db, "SELECT count(*) AS n FROM document_status WHERE taken_down", "--format", "csv");
        Assert.Equal("n\n10\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Takedown_NoSelector_Exit2()
    {
        using var d = new TempDir();
        var db = await ProvenanceLedgerBuilder.BuildAsync(d.Path);
        var (code, _, err) = await RunAsync("provenance", "takedown", db);
        Assert.Equal(2, code);
        Assert.Contains("--url", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_TwoTaskLedgers_SumsCounts()
    {
        using var d = new TempDir();
        var a = await ProvenanceLedgerBuilder.BuildAsync(d.Path, "a.duckdb", "run-a", 0, 2);
        var b = await ProvenanceLedgerBuilder.BuildAsync(d.Path, "b.duckdb", "run-b", 1, 2);
        var m = Path.Combine(d.Path, "m.duckdb");
        var (code, output, _) = await RunAsync("provenance", "merge", "--output", m, a, b);
        Assert.Equal(0, code);
        Assert.Contains("2 run(s) added", output, StringComparison.Ordinal);
        (_, output, _) = await RunAsync("provenance", "query", m, "SELECT sum(entered)::BIGINT AS n, count(*) AS runs FROM accounting", "--format", "csv");
        Assert.Equal("n,runs\n40,2\n", output.ReplaceLineEndings("\n"));
    }
}
