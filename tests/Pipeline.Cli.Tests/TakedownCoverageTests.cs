using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>
/// The quickstart's shape at a smaller size: after a takedown of one domain, no file under output_dir holds text of
/// its documents, except the checkpoints and tokenizer the takedown flags. Files are read without the product's code.
/// </summary>
public sealed partial class TakedownCoverageTests
{
    private const string Dag = """
        { "name": "qs-small", "output_dir": "out", "steps": [
          { "id": "crawl_file", "uses": "ingest.synthetic_warc", "with": { "count": 240, "seed": 7, "domains": 3, "min_words": 80, "max_words": 200 } },
          { "id": "crawl", "uses": "ingest.warc", "needs": ["crawl_file"] },
          { "id": "text", "uses": "ingest.html_text", "needs": ["crawl"] },
          { "id": "quality", "uses": "filters.gopher_quality", "needs": ["text"] },
          { "id": "rejected", "uses": "sink.jsonl", "needs": ["quality.rejected"], "with": { "path": "rejected/web.jsonl.gz" } },
          { "id": "pii", "uses": "filters.pii", "needs": ["quality"] },
          { "id": "dedup", "uses": "dedup.minhash", "needs": ["pii"] },
          { "id": "kept", "uses": "sink.parquet", "needs": ["dedup"], "with": { "path": "kept/documents.parquet" } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["dedup"], "with": { "vocab_size": 400 } },
          { "id": "reread", "uses": "ingest.parquet", "needs": ["kept"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.15 } },
          { "id": "model", "uses": "train.gpt", "needs": ["shards"], "with": {
              "layers": 1, "heads": 2, "width": 32, "context": 32, "batch_size": 4, "steps": 12, "warmup_steps": 2,
              "learning_rate": 0.003, "eval_every": 6, "eval_batches": 2, "checkpoint_every": 6, "device": "cpu", "threads": 1, "resume": false } },
          { "id": "stability", "uses": "audit.stability", "needs": ["model", "shards"], "with": { "warmup_steps": 2 } },
          { "id": "perplexity", "uses": "audit.perplexity", "needs": ["model", "shards", "bpe"], "with": { "max_tokens_per_domain": 2000 } },
          { "id": "probes", "uses": "audit.probes", "needs": ["model", "shards", "bpe"], "with": { "cloze_per_domain": 20 } },
          { "id": "report", "uses": "audit.report", "needs": ["stability", "perplexity", "probes", "model", "shards"], "with": { "title": "small" } }
        ] }
        """;

    [Fact]
    public async Task Takedown_Domain_NoSnippetLeftUnderOutputDirOutsideFlaggedFiles()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), Dag);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        var outDir = Path.Combine(dir.Path, "out");
        var ledger = Path.Combine(outDir, "provenance.duckdb");

        // the domain with the most documents written, its documents' ids, and every written text (DuckDB and System.Text.Json, not the product)
        var (domain, removedIds) = DomainToRemove(ledger);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, text) in ParquetTexts(Path.Combine(outDir, "kept", "documents.parquet"))) texts[id] = text;
        foreach (var line in RawFiles.Text(Path.Combine(outDir, "rejected", "web.jsonl.gz")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var j = JsonDocument.Parse(line);
            texts[j.RootElement.GetProperty("id").GetString()!] = j.RootElement.GetProperty("text").GetString()!;
        }
        // text the other sites also hold (near duplicates of the removed pages: dropped by dedup, still in the crawl
        // under their own URLs) is not the removed documents' alone
        var otherTexts = texts.Where(kv => !removedIds.Contains(kv.Key)).Select(kv => Normalise(kv.Value)).ToList();
        foreach (var record in RawFiles.Text(Path.Combine(outDir, "crawl.warc.gz")).Split("WARC/1.1\r\n"))
        {
            var uri = Regex.Match(record, @"WARC-Target-URI: <?(\S+?)>?\r\n");
            if (!uri.Success) continue;
            var host = new Uri(uri.Groups[1].Value).Host;
            if (host != domain && !host.EndsWith("." + domain, StringComparison.Ordinal)) otherTexts.Add(Normalise(WebUtility.HtmlDecode(record)));
        }
        var others = string.Join(" | ", otherTexts);
        var snippets = new List<string>();
        foreach (var id in removedIds.Where(texts.ContainsKey))
        {
            var words = Normalise(texts[id]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i + 8 <= words.Length; i += 5)
            {
                var s = " " + string.Join(' ', words, i, 8) + " ";
                if (!others.Contains(s, StringComparison.Ordinal)) snippets.Add(s);
            }
        }
        Assert.True(snippets.Count > 100, $"need snippets unique to the removed documents, got {snippets.Count}");
        var before = Scan(outDir, [], snippets);
        Assert.Contains(before, f => f.EndsWith("crawl.warc.gz", StringComparison.Ordinal));
        Assert.Contains(before, f => f.Contains("probes", StringComparison.Ordinal));

        (code, var dry, _) = await CliRunner.RunAsync("provenance", "takedown", ledger, "--domain", domain);
        Assert.Equal(0, code);
        Assert.Contains("crawl.warc.gz", dry, StringComparison.Ordinal);
        Assert.Contains("probes.probes.jsonl", dry, StringComparison.Ordinal);
        Assert.Contains("tokenizer", dry, StringComparison.Ordinal);

        (code, var applied, err) = await CliRunner.RunAsync("provenance", "takedown", ledger, "--domain", domain, "--apply");

        Assert.True(code == 0, applied + err);
        var flagged = Regex.Matches(applied, @"^  (\S+)  \((checkpoint|tokenizer)\): ", RegexOptions.Multiline).Select(m => Path.GetFullPath(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(flagged);
        var left = Scan(outDir, flagged, snippets);
        Assert.True(left.Count == 0, "still holding removed text: " + string.Join(", ", left));
        // what remains is still readable: the crawl file by DuckDB-free gzip, the kept documents by DuckDB
        Assert.NotEmpty(ParquetTexts(Path.Combine(outDir, "kept", "documents.parquet")));
        Assert.Contains("WARC/1.1", RawFiles.Text(Path.Combine(outDir, "crawl.warc.gz")), StringComparison.Ordinal);
    }

    /// <summary>Files under <paramref name="root"/> (outside <paramref name="skip"/>) whose text, decoded, holds any snippet.</summary>
    private static List<string> Scan(string root, List<string> skip, List<string> snippets)
    {
        var hits = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var full = Path.GetFullPath(file);
            if (skip.Any(s => full == s || full.StartsWith(s.TrimEnd('/') + "/", StringComparison.Ordinal))) continue;
            if (full.EndsWith(".wal", StringComparison.Ordinal)) continue; // the ledger's log: read through the .duckdb file
            var text = RawFiles.Text(full);
            text = UnicodeEscape().Replace(text, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
            text = Normalise(WebUtility.HtmlDecode(text.Replace("\\n", " ", StringComparison.Ordinal)));
            if (snippets.Any(s => text.Contains(s, StringComparison.Ordinal))) hits.Add(full);
        }
        return hits;
    }

    private static (string Domain, HashSet<string> Ids) DomainToRemove(string ledger)
    {
        using var c = new DuckDBConnection($"Data Source={ledger};ACCESS_MODE=READ_ONLY");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT domain FROM documents WHERE status = 'kept' AND domain IS NOT NULL GROUP BY domain ORDER BY count(*) DESC, domain LIMIT 1";
        var domain = (string)cmd.ExecuteScalar()!;
        cmd.CommandText = $"SELECT DISTINCT doc_id FROM documents WHERE domain = '{domain}' OR ends_with(host, '.{domain}') OR host = '{domain}'";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var r = cmd.ExecuteReader();
        while (r.Read()) ids.Add(r.GetString(0));
        return (domain, ids);
    }

    private static List<(string Id, string Text)> ParquetTexts(string path)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, text FROM read_parquet('{path}')";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append(' ');
        bool space = true;
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        if (!space) sb.Append(' ');
        return sb.ToString();
    }

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})")]
    private static partial Regex UnicodeEscape();
}
