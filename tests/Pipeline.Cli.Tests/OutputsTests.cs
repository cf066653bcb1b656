using System.Text.Json;
using DuckDB.NET.Data;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>Issue 17, defect 7: documented, portable outputs (Parquet types, input paths as written, a moved run folder).</summary>
public sealed class OutputsTests
{
    private const string Dag = """
        { "name": "outputs", "output_dir": "out", "steps": [
          { "id": "crawl_file", "uses": "ingest.synthetic_warc", "with": { "count": 30, "seed": 3, "domains": 2, "min_words": 60, "max_words": 120 } },
          { "id": "crawl", "uses": "ingest.warc", "needs": ["crawl_file"] },
          { "id": "text", "uses": "ingest.html_text", "needs": ["crawl"] },
          { "id": "kept", "uses": "sink.parquet", "needs": ["text"], "with": { "path": "kept/documents.parquet" } },
          { "id": "reread", "uses": "ingest.parquet", "needs": ["kept"] },
          { "id": "copy", "uses": "sink.jsonl", "needs": ["reread"], "with": { "path": "copy/documents.jsonl" } }
        ] }
        """;

    [Fact]
    public async Task Run_SinkParquet_RealTypesReadByDuckDbAndReadBack()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("d.json"), Dag);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("d.json"), "--quiet");
        Assert.True(code == 0, err);

        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT typeof(fetch_time), typeof(metadata), count(*), count(fetch_time),
                   count(*) FILTER (WHERE metadata['domain'] = json_extract_string(metadata_json, '$.domain'))
            FROM read_parquet('{dir.File("out/kept/documents.parquet")}') GROUP BY ALL
            """;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.StartsWith("TIMESTAMP", r.GetString(0), StringComparison.Ordinal);
        Assert.Equal("MAP(VARCHAR, VARCHAR)", r.GetString(1));
        long rows = r.GetInt64(2);
        Assert.True(rows > 0);
        Assert.Equal(rows, r.GetInt64(3));
        Assert.Equal(rows, r.GetInt64(4));
        Assert.False(r.Read());

        // ingest.parquet reads the new layout back: same documents, same fetch times
        var copy = File.ReadAllLines(dir.File("out/copy/documents.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(rows, copy.Count);
        Assert.All(copy, d => Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(d.GetProperty("source").GetProperty("fetch_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset));
    }

    [Fact]
    public async Task Run_InputPaths_RecordedAsWritten()
    {
        using var dir = new TempDir();
        using var elsewhere = new TempDir();
        var line = JsonSerializer.Serialize(new { id = "x1", text = "Some words written down here for the test." });
        Directory.CreateDirectory(dir.File("data"));
        File.WriteAllText(dir.File("data/rel.jsonl"), line.Replace("x1", "r1", StringComparison.Ordinal) + "\n");
        File.WriteAllText(elsewhere.File("abs.jsonl"), line + "\n");
        var absolute = elsewhere.File("abs.jsonl").Replace('\\', '/');
        File.WriteAllText(dir.File("d.json"), $$"""
            { "name": "paths", "output_dir": "out", "steps": [
              { "id": "in", "uses": "ingest.jsonl", "with": { "paths": ["data/*.jsonl", {{JsonSerializer.Serialize(absolute)}}] } },
              { "id": "out", "uses": "sink.jsonl", "needs": ["in"] }
            ] }
            """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("d.json"), "--quiet");
        Assert.True(code == 0, err);
        var files = Directory.GetFiles(dir.File("out"), "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("source").GetProperty("file").GetString());
        Assert.Equal("data/rel.jsonl", files["r1"]);
        Assert.Equal(absolute, files["x1"]);
        Assert.DoesNotContain("..", files["x1"], StringComparison.Ordinal);

        using var c = LedgerConnection(dir.File("out/provenance.duckdb"));
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT source_file FROM documents ORDER BY 1";
        using var r = cmd.ExecuteReader();
        var sources = new List<string>();
        while (r.Read()) sources.Add(r.GetString(0));
        Assert.Equal(new[] { absolute, "data/rel.jsonl" }.Order(StringComparer.Ordinal), sources);
    }

    [Fact]
    public async Task MovedRunFolder_TraceTakedownAndRerun_Work()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("a"));
        File.WriteAllText(dir.File("a/d.json"), Dag);
        string[] task = ["--task-index", "0", "--task-count", "2"];
        var (code, _, err) = await CliRunner.RunAsync(["run", dir.File("a/d.json"), "--quiet", .. task]);
        Assert.True(code == 0, err);
        Directory.Move(dir.File("a"), dir.File("b"));
        var ledger = Assert.Single(Directory.GetFiles(dir.File("b/out"), "provenance*.duckdb"));
        var copy = Assert.Single(Directory.GetFiles(dir.File("b/out/copy"), "documents*.jsonl"));
        var id = JsonDocument.Parse(File.ReadLines(copy).First()).RootElement.GetProperty("id").GetString()!;
        int before = File.ReadAllLines(copy).Length;

        (code, var trace, err) = await CliRunner.RunAsync("provenance", "trace", ledger, id);
        Assert.True(code == 0, err);
        Assert.Contains(id, trace, StringComparison.Ordinal);
        // the trace shows the files the run wrote where they are now (the ledger stores them relative to its folder)
        var moved = dir.File("b/out").Replace('\\', '/');
        Assert.DoesNotContain(dir.File("a/out").Replace('\\', '/'), trace, StringComparison.Ordinal);
        (code, var json, err) = await CliRunner.RunAsync("provenance", "trace", ledger, id, "--json");
        Assert.True(code == 0, err);
        var written = JsonDocument.Parse(json).RootElement.EnumerateArray().SelectMany(t => t.GetProperty("lineage").EnumerateArray())
            .Where(l => l.GetProperty("stage").GetString() == "output").Select(l => l.GetProperty("reason").GetString()!).ToList();
        Assert.Equal(2, written.Count); // the Parquet and the JSONL sink
        Assert.All(written, p =>
        {
            Assert.StartsWith(moved + "/", p, StringComparison.Ordinal);
            Assert.True(File.Exists(p), p);
            Assert.Contains(p, trace, StringComparison.Ordinal);
        });

        // the takedown finds the files where the run folder is now (the ledger recorded where it was)
        (code, var output, err) = await CliRunner.RunAsync("provenance", "takedown", ledger, "--doc", id, "--apply");
        Assert.True(code == 0, output + err);
        Assert.DoesNotContain("missing (skipped)", output, StringComparison.Ordinal);
        Assert.Equal(before - 1, File.ReadAllLines(copy).Length);
        Assert.DoesNotContain(File.ReadLines(copy), l => l.Contains(id, StringComparison.Ordinal));

        // the moved task is complete where it is now: a rerun skips it
        (code, _, err) = await CliRunner.RunAsync(["run", dir.File("b/d.json"), .. task]);
        Assert.True(code == 0, err);
        Assert.True(err.Contains("already completed", StringComparison.Ordinal), err);
    }

    private static DuckDBConnection LedgerConnection(string path)
    {
        var c = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        c.Open();
        return c;
    }
}
