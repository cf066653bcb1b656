using System.Text.Json;
using Pipeline.Provenance;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class LedgerMetadataTests
{
    [Fact]
    public async Task Run_LicenceFoundByExtractorAfterWarcReader_ReachesLedgerDocuments()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
            {
              "name": "ledger-meta",
              "output_dir": "out",
              "steps": [
                { "id": "crawl_file", "uses": "ingest.synthetic_warc", "with": { "count": 200, "seed": 3, "licence_rate": 0.5, "opt_out_rate": 0.2 } },
                { "id": "crawl", "uses": "ingest.warc", "needs": ["crawl_file"] },
                { "id": "text", "uses": "ingest.html_text", "needs": ["crawl"] },
                { "id": "docs", "uses": "sink.jsonl", "needs": ["text"], "with": { "path": "docs.jsonl" } }
              ]
            }
            """);
        var (code, _, err) = await ProvenanceCliHelpers.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);

        // what the extractor put in each written document's metadata ...
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(dir.Path, "out", "docs.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var meta = doc.RootElement.GetProperty("metadata");
            var licence = meta.TryGetProperty("licence", out var l) ? l.GetString()! : "-";
            var optOut = meta.TryGetProperty("opt_out", out var o) ? string.Join("|", o.EnumerateArray().Select(e => e.GetString())) : "-";
            var lang = meta.TryGetProperty("language", out var g) ? g.GetString()! : "-";
            expected[doc.RootElement.GetProperty("id").GetString()!] = $"{licence};{optOut};{lang}";
        }
        Assert.Contains(expected.Values, v => v.StartsWith("CC", StringComparison.Ordinal));
        Assert.Contains(expected.Values, v => v.Split(';')[1] != "-");

        // ... is what the ledger's documents table says, although the WARC reader entered them without it
        var rows = LedgerQuery.Run(Path.Combine(dir.Path, "out", "provenance.duckdb"), """
            SELECT doc_id, coalesce(licence, '-'), coalesce(array_to_string(opt_out, '|'), '-'), coalesce(language, '-')
            FROM documents WHERE status = 'kept' ORDER BY doc_id
            """).Rows;
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in rows) actual[(string)r[0]!] = $"{r[1]};{r[2]};{r[3]}";
        Assert.Equal(expected, actual);

        // the live view (what audits read while a run is still open) applies the same updates
        var live = LedgerQuery.Run(Path.Combine(dir.Path, "out", "provenance.duckdb"), """
            SELECT doc_id, coalesce(licence, '-'), coalesce(array_to_string(opt_out, '|'), '-'), coalesce(language, '-')
            FROM document_status WHERE status = 'kept' ORDER BY doc_id
            """).Rows.ToDictionary(r => (string)r[0]!, r => $"{r[1]};{r[2]};{r[3]}", StringComparer.Ordinal);
        Assert.Equal(expected, new SortedDictionary<string, string>(live, StringComparer.Ordinal));
    }
}
