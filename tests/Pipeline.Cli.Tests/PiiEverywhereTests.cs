using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>PII in titles, URLs and other metadata: redacted in outputs, rejected ports and every ledger table.</summary>
public sealed class PiiEverywhereTests
{
    private const string Email = "jane.roe@mailhost.example.com";
    private const string Ssn = "219-09-9999";
    private const string Card = "4111 1111 1111 1111";
    private static readonly string[] Values = [Email, Ssn, Card];

    private static async Task<string> RunAsync(TempDir dir, string piiWith, bool rejectedSink)
    {
        var lines = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            var record = new Dictionary<string, object?>
            {
                ["id"] = $"doc-{i}",
                ["text"] = $"Plain text of document number {i} about gardens and rivers, with nothing personal in it at all.",
                ["url"] = i % 2 == 0 ? $"https://www.shop.example.org/order?ssn={Ssn}&n={i}" : $"https://www.shop.example.org/page/{i}",
                ["metadata"] = new Dictionary<string, object?>
                {
                    ["title"] = i % 3 == 0 ? $"Contact {Email} for details" : $"Title {i}",
                    ["tags"] = new[] { "garden", i == 1 ? $"mail {Email}" : "river" },
                    ["extra"] = new Dictionary<string, object?> { ["card"] = i == 2 ? $"card {Card}" : "none", ["n"] = "x" },
                },
            };
            lines.Add(JsonSerializer.Serialize(record));
        }
        File.WriteAllLines(dir.File("in.jsonl"), lines);
        var sink = rejectedSink ? """, { "id": "rejected", "uses": "sink.jsonl", "needs": ["pii.rejected"], "with": { "path": "rejected.jsonl" } }""" : "";
        File.WriteAllText(dir.File("dag.json"), $$"""
            { "name": "pii", "output_dir": "out", "steps": [
              { "id": "read", "uses": "ingest.jsonl", "with": { "paths": ["in.jsonl"] } },
              { "id": "pii", "uses": "filters.pii", "needs": ["read"], "with": {{piiWith}} },
              { "id": "jsonl", "uses": "sink.jsonl", "needs": ["pii"], "with": { "path": "docs.jsonl" } },
              { "id": "parquet", "uses": "sink.parquet", "needs": ["pii"], "with": { "path": "docs.parquet" } }{{sink}}
            ] }
            """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        return Path.Combine(dir.Path, "out");
    }

    private static void AssertNoValue(string what, string text)
    {
        foreach (var v in Values) Assert.False(text.Contains(v, StringComparison.Ordinal), $"{what} holds the PII value {v}");
    }

    [Theory]
    [InlineData("""{ "mode": "redact" }""")]
    [InlineData("""{ "mode": "hash", "salt": "s3cret" }""")]
    public async Task Pii_MetadataTitleUrlNested_RedactedInJsonlParquetAndLedger(string with)
    {
        using var dir = new TempDir();
        var outDir = await RunAsync(dir, with, rejectedSink: false);
        var jsonl = RawFiles.Text(Path.Combine(outDir, "docs.jsonl"));
        Assert.Equal(6, jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        AssertNoValue("docs.jsonl", jsonl);
        Assert.Contains("<EMAIL", jsonl, StringComparison.Ordinal);
        Assert.Contains("<US_SSN", jsonl, StringComparison.Ordinal);
        AssertNoValue("docs.parquet (DuckDB read_parquet)", RawFiles.ParquetText(Path.Combine(outDir, "docs.parquet")));
        foreach (var (table, text) in RawFiles.DuckDbTables(Path.Combine(outDir, "provenance.duckdb"))) AssertNoValue("ledger table " + table, text);
    }

    [Fact]
    public async Task Pii_DropModeRejectedPort_RedactedUnlessRawAskedFor()
    {
        using var dir = new TempDir();
        var outDir = await RunAsync(dir, """{ "mode": "drop" }""", rejectedSink: true);
        var rejected = RawFiles.Text(Path.Combine(outDir, "rejected.jsonl"));
        Assert.Equal(5, rejected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // all but doc 5: PII in URL, title, tags or nested metadata
        Assert.Contains("<EMAIL>", rejected, StringComparison.Ordinal);
        AssertNoValue("rejected.jsonl", rejected);
        foreach (var (table, text) in RawFiles.DuckDbTables(Path.Combine(outDir, "provenance.duckdb"))) AssertNoValue("ledger table " + table, text);

        using var dir2 = new TempDir();
        outDir = await RunAsync(dir2, """{ "mode": "drop", "rejected_raw_text": true }""", rejectedSink: true);
        Assert.Contains(Email, RawFiles.Text(Path.Combine(outDir, "rejected.jsonl")), StringComparison.Ordinal);
        foreach (var (table, text) in RawFiles.DuckDbTables(Path.Combine(outDir, "provenance.duckdb"))) AssertNoValue("ledger table " + table, text);
    }

    [Fact]
    public async Task Pii_TagMode_CountsMetadataAndKeepsValuesOutOfLedger()
    {
        using var dir = new TempDir();
        var outDir = await RunAsync(dir, """{ "mode": "tag" }""", rejectedSink: false);
        var jsonl = RawFiles.Text(Path.Combine(outDir, "docs.jsonl"));
        Assert.Contains(Email, jsonl, StringComparison.Ordinal); // tag leaves the documents as they are
        Assert.Contains("\"EMAIL\"", jsonl, StringComparison.Ordinal);
        foreach (var (table, text) in RawFiles.DuckDbTables(Path.Combine(outDir, "provenance.duckdb"))) AssertNoValue("ledger table " + table, text);
    }
}
