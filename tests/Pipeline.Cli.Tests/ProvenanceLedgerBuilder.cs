using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Ingest;
using Pipeline.Provenance;
using Pipeline.Tokens;

namespace Pipeline.Cli.Tests;

/// <summary>Writes a small real ledger (through <see cref="DuckDbLedger"/>) plus the JSONL file it points at:
/// 20 documents from 2 domains; odd ones dropped by "quality"; even ones written to kept.jsonl and tokenized.</summary>
internal static class ProvenanceLedgerBuilder
{
    public static string Id(int i) => DocumentId.For("crawl/a.warc.gz", i * 1000L);

    public static string Url(int i) => $"https://{(i % 4 < 2 ? "news.example.org" : "blog.example.net")}/p/{i}";

    public static async Task<string> BuildAsync(string dir, string name = "provenance.duckdb", string runId = "run-1", int taskIndex = 0, int taskCount = 1)
    {
        var path = Path.Combine(dir, name);
        var kept = Path.Combine(dir, $"kept{runId}.jsonl");
        await using var l = new DuckDbLedger(path, new LedgerOptions { Mappings = Registry.LedgerMappings() });
        await l.StartRunAsync(new LedgerRun(runId, "cli-test", "{}", "hash-cli-test", "1", taskIndex, taskCount, DateTimeOffset.UtcNow), CancellationToken.None);
        l.Write(new SourceFileRecord("crawl/a.warc.gz", 123456, new string('b', 64), "warc"));
        Directory.CreateDirectory(Path.Combine(dir, "shards"));
        using (var w = new StreamWriter(kept))
        {
            long pos = 0;
            for (int i = 0; i < 20; i++)
            {
                var meta = Meta.Empty.Set("domain", i % 4 < 2 ? "example.org" : "example.net")
                    .Set("licence", i % 4 < 2 ? "CC-BY-4.0" : "unknown");
                if (i == 6) meta = meta.Set("opt_out", new[] { "tdmrep:reserved" });
                var doc = new Document(Id(i), $"text of document {i}", new SourceRef("crawl/a.warc.gz", i * 1000L, Url(i), null, "text/html", $"<urn:uuid:{i}>"), meta);
                l.Write(new DocumentEnteredRecord("crawl", doc));
                if (i % 2 == 1)
                {
                    l.Write(new DocumentEventRecord(doc.Id, "quality", OutcomeAction.Dropped, "gopher_quality:too_short", "4 words"));
                    continue;
                }
                l.Write(new DocumentWrittenRecord(doc.Id, "keep", ""));
                w.WriteLine(JsonSerializer.Serialize(new { id = doc.Id, text = doc.Text }));
                l.Write(new ShardSpanRecord(Path.Combine(dir, "shards", "train_000000.bin"), doc.Id, pos, 5, "train", null));
                pos += 5;
            }
        }
        l.Write(new ArtifactRecord("keep", new Artifact("documents", kept, new Dictionary<string, string> { ["format"] = "jsonl" })));
        await l.CompleteRunAsync("completed", CancellationToken.None);
        return path;
    }
}
