using System.Text;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Provenance;
using Pipeline.Tokens;

namespace Pipeline.Audit.Tests;

/// <summary>
/// A small but real training run without a GPU: documents are byte-tokenized into a shard set (llm.c layout,
/// token index, ledger rows), then an online bigram model is trained batch by batch over the shard; its loss per
/// batch, learning rate and a gradient-norm proxy go to metrics.jsonl with batch references, as train.gpt writes them.
/// </summary>
internal sealed class SyntheticRun
{
    public const int Eot = 256;
    public const int SeqLen = 64;
    public const int BatchRows = 4;
    public const string CleanSource = "crawl/clean-pages.warc.gz";
    public const string GarbageSource = "crawl/scraped-garbage.warc.gz";

    public required string OutputDir { get; init; }
    public required string ShardsDir { get; init; }
    public required string MetricsPath { get; init; }
    public required string LedgerPath { get; init; }
    public required IReadOnlyList<string> GarbageIds { get; init; }
    public required long GarbageStep { get; init; }
    public required int Steps { get; init; }
    public required IReadOnlyList<int> Tokens { get; init; }

    private static readonly string[] Words =
    [
        "the", "river", "ran", "past", "old", "mill", "and", "a", "boy", "saw", "boats", "on", "water", "while", "his",
        "mother", "baked", "bread", "in", "kitchen", "of", "house", "near", "town", "where", "people", "walked", "slowly",
    ];

    /// <summary>Builds the run under <paramref name="root"/>; with <paramref name="plantGarbage"/> a block of garbage documents sits in the shard.</summary>
    public static async Task<SyntheticRun> CreateAsync(string root, bool plantGarbage, int cleanDocs = 160)
    {
        var outDir = Path.Combine(root, "out");
        var shardsDir = Path.Combine(outDir, "shards");
        Directory.CreateDirectory(shardsDir);
        var rng = new Random(7);
        var docs = new List<Document>();
        for (int i = 0; i < cleanDocs; i++)
        {
            var sb = new StringBuilder();
            int n = 40 + rng.Next(20);
            for (int w = 0; w < n; w++) sb.Append(Words[rng.Next(Words.Length)]).Append(w % 9 == 8 ? ". " : " ");
            var domain = i % 2 == 0 ? "millstream.example" : "riverside.example";
            docs.Add(Doc($"clean-{i:D4}", sb.ToString().Trim(), CleanSource, i * 1000L, domain, "CC-BY-4.0"));
        }
        var garbageIds = new List<string>();
        if (plantGarbage)
        {
            var garbage = new List<Document>();
            for (int g = 0; g < 4; g++)
            {
                var bytes = new char[SeqLen + 10];
                for (int k = 0; k < bytes.Length; k++) bytes[k] = (char)rng.Next(33, 127);
                var id = $"garbage-{g}";
                garbageIds.Add(id);
                garbage.Add(Doc(id, new string(bytes), GarbageSource, g * 512L, "junk.example", "unknown"));
            }
            docs.InsertRange(cleanDocs * 3 / 4, garbage);
        }

        // Shard: every document's bytes then EOT; index rows point at each document's tokens.
        var tokens = new List<int>();
        var index = new StringBuilder();
        foreach (var d in docs)
        {
            var b = Encoding.UTF8.GetBytes(d.Text);
            index.Append(JsonSerializer.Serialize(new { doc_id = d.Id, shard = "train_000000.bin", token_start = tokens.Count, token_count = b.Length + 1, split = "train", domain = d.Meta.GetString("domain") })).Append('\n');
            foreach (var x in b) tokens.Add(x);
            tokens.Add(Eot);
        }
        using (var shard = ShardWriter.ForVocabulary(Path.Combine(shardsDir, "train_000000.bin"), Eot + 1))
        {
            shard.Write(tokens.ToArray());
            shard.Commit();
        }
        File.WriteAllText(Path.Combine(shardsDir, "index.jsonl"), index.ToString());

        var ledgerPath = Path.Combine(outDir, "provenance.duckdb");
        await using (var ledger = new DuckDbLedger(ledgerPath, new LedgerOptions { Mappings = TokensModule.LedgerMappings() }))
        {
            await ledger.StartRunAsync(new LedgerRun("synthetic", "synthetic", "{}", "h", "t", 0, 1, DateTimeOffset.UtcNow), CancellationToken.None);
            foreach (var d in docs) ledger.Write(new DocumentEnteredRecord("crawl", d));
            foreach (var d in docs.Where(d => d.Id.StartsWith("clean-001", StringComparison.Ordinal)))
                ledger.Write(new DocumentEventRecord(d.Id, "quality", Core.Steps.OutcomeAction.Dropped, "quality:too_short", null));
            long at = 0;
            foreach (var d in docs)
            {
                long n = Encoding.UTF8.GetByteCount(d.Text) + 1;
                ledger.Write(new ShardSpanRecord(Path.Combine(shardsDir, "train_000000.bin"), d.Id, at, n, "train", d.Meta.GetString("domain")));
                at += n;
            }
            await ledger.CompleteRunAsync("completed", CancellationToken.None);
        }

        // Online bigram training over consecutive batches of the shard.
        var counts = new double[257, 257];
        var rowTotals = new double[257];
        int batchTokens = BatchRows * SeqLen;
        int steps = (tokens.Count - 1) / batchTokens;
        long garbageStep = -1;
        long garbageStart = plantGarbage ? FindStart(docs, tokens, garbageIds[0]) : -1;
        var metrics = new StringBuilder();
        for (int step = 0; step < steps; step++)
        {
            long offset = (long)step * batchTokens;
            if (garbageStart >= offset && garbageStart < offset + batchTokens) garbageStep = step;
            double nll = 0;
            for (long t = offset; t < offset + batchTokens; t++)
            {
                int a = tokens[(int)t], b = tokens[(int)t + 1];
                nll -= Math.Log((counts[a, b] + 0.1) / (rowTotals[a] + 0.1 * 257));
            }
            for (long t = offset; t < offset + batchTokens; t++)
            {
                int a = tokens[(int)t], b = tokens[(int)t + 1];
                counts[a, b]++;
                rowTotals[a]++;
            }
            double loss = nll / batchTokens;
            double lr = step < 10 ? 6e-4 * (step + 1) / 10 : 6e-4 * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * (step - 10) / Math.Max(1, steps - 10))));
            var batch = Enumerable.Range(0, BatchRows).Select(r => new { shard = "train_000000.bin", offset = offset + (long)r * SeqLen, length = SeqLen + 1 }).ToArray();
            metrics.Append(JsonSerializer.Serialize(new { step, loss, lr, grad_norm = 0.5 + loss / 10, tokens_per_sec = 1000.0, batch })).Append('\n');
            if (step % 20 == 19) metrics.Append(JsonSerializer.Serialize(new { step, val_loss = loss })).Append('\n');
        }
        var trainDir = Path.Combine(outDir, "model");
        Directory.CreateDirectory(trainDir);
        var metricsPath = Path.Combine(trainDir, "metrics.jsonl");
        File.WriteAllText(metricsPath, metrics.ToString());
        return new SyntheticRun
        {
            OutputDir = outDir,
            ShardsDir = shardsDir,
            MetricsPath = metricsPath,
            LedgerPath = ledgerPath,
            GarbageIds = garbageIds,
            GarbageStep = garbageStep,
            Steps = steps,
            Tokens = tokens,
        };
    }

    private static long FindStart(List<Document> docs, List<int> tokens, string id)
    {
        long pos = 0;
        foreach (var d in docs)
        {
            if (d.Id == id) return pos;
            pos += Encoding.UTF8.GetByteCount(d.Text) + 1;
        }
        return -1;
    }

    private static Document Doc(string id, string text, string source, long offset, string domain, string licence) =>
        new Document(id, text, new SourceRef(source, offset, Url: $"https://{domain}/{id}"))
            .WithMeta("domain", domain).WithMeta("licence", licence);
}
