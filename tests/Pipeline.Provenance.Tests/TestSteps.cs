using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;
using Pipeline.Dedup;
using Pipeline.Filters;
using Pipeline.Ingest;
using Pipeline.Tokens;
using Pipeline.Train;

namespace Pipeline.Provenance.Tests;

/// <summary>Small steps for test DAGs, with a corpus whose fate per document is known in advance.</summary>
public static class TestSteps
{
    /// <summary>Registers test.source, test.min_length, test.redact, test.exact_dedup, test.jsonl, test.shards.</summary>
    public static StepRegistry Registry()
    {
        var r = new StepRegistry();
        r.AddSource<SourceOptions>("test.source", "synthetic documents with known fates", o => new Source(o));
        r.AddProcessor<MinLengthOptions>("test.min_length", "drops short documents, errors on broken ones", o => new MinLength(o));
        r.AddProcessor<NoOptions>("test.redact", "redacts e-mail addresses", _ => new Redact());
        r.AddProcessor<NoOptions>("test.exact_dedup", "drops exact duplicates", _ => new ExactDedup());
        r.AddSink<JsonlOptions>("test.jsonl", "writes id+text lines", o => new JsonlSink(o));
        r.AddArtifact<NoOptions>("test.shards", "fake tokenizer + trainer: shard spans, batches, a checkpoint", _ => new Shards());
        return r;
    }

    // ---- the corpus: fate of document i ----
    public static bool IsShort(int i) => i % 10 == 3;

    public static bool IsBroken(int i) => i % 50 == 7;

    public static bool HasEmail(int i) => i % 7 == 0;

    /// <summary>Exact duplicate of document i-1 (never of a short or broken one).</summary>
    public static bool IsDuplicate(int i) => i % 13 == 5 && !IsShort(i - 1) && !IsBroken(i - 1) && !IsShort(i) && !IsBroken(i);

    public static string Domain(int i) => $"site{i % 5}.example";

    public static string Licence(int i) => (i % 3) switch { 0 => "CC-BY-4.0", 1 => "CC0-1.0", _ => "unknown" };

    public static bool OptedOut(int i) => i % 11 == 4;

    public static string Url(int i) => $"https://www.{Domain(i)}/page/{i}";

    public static string Id(int i) => DocumentId.For("data/corpus.jsonl", i * 100L);

    public static string Text(int i)
    {
        if (IsShort(i)) return $"tiny {i}";
        if (IsDuplicate(i)) return Text(i - 1);
        var sb = new StringBuilder();
        sb.Append("document number ").Append(i).Append(" talks about provenance, ledgers and licences in some words");
        if (HasEmail(i)) sb.Append(" contact secret").Append(i).Append("@mail.example for more");
        return sb.ToString();
    }

    public static Document Doc(int i)
    {
        var meta = Meta.Empty.Set("domain", Domain(i)).Set("licence", Licence(i)).Set("language", "en");
        if (Licence(i) != "unknown") meta = meta.Set("licence_evidence", "meta[name=license]");
        if (OptedOut(i)) meta = meta.Set("opt_out", new[] { "robots:noai" });
        return new Document(Id(i), Text(i), new SourceRef("data/corpus.jsonl", i * 100L, Url(i), new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), "text/html", $"rec-{i}"), meta);
    }

    /// <summary>Expected counts for documents 0..count-1 through gen → min_length → redact → exact_dedup (Emails = documents modified by redact).</summary>
    public static (int Kept, int Short, int Broken, int Duplicates, int Emails) Expected(int count)
    {
        int shortN = 0, broken = 0, dup = 0, emails = 0;
        for (int i = 0; i < count; i++)
        {
            if (IsBroken(i)) broken++;
            else if (IsShort(i)) shortN++;
            else if (IsDuplicate(i)) dup++;
            if (!IsBroken(i) && !IsShort(i) && Text(i).Contains('@', StringComparison.Ordinal)) emails++;
        }
        return (count - shortN - broken - dup, shortN, broken, dup, emails);
    }

    public sealed class NoOptions
    {
    }

    public sealed class SourceOptions
    {
        public int Count { get; init; } = 100;

        /// <summary>Milliseconds to sleep after each batch of 100 documents (for kill tests).</summary>
        public int DelayMs { get; init; }
    }

    private sealed class Source(SourceOptions o) : SourceStep
    {
        public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            context.Ledger.Write(new SourceFileRecord("data/corpus.jsonl", o.Count * 100L, new string('a', 64), "jsonl"));
            for (int i = 0; i < o.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (o.DelayMs > 0 && i % 100 == 99) await Task.Delay(o.DelayMs, cancellationToken);
                yield return Doc(i);
            }
        }
    }

    public sealed class MinLengthOptions
    {
        public int MinChars { get; init; } = 20;
    }

    private sealed class MinLength(MinLengthOptions o) : FilterStep
    {
        protected override Outcome Decide(Document document)
        {
            int i = (int)(document.Source.Offset / 100);
            if (IsBroken(i)) return Outcome.Error(document, "test:unreadable", "broken record");
            return document.Text.Length < o.MinChars
                ? Outcome.Drop(document, "min_length:too_short", $"{document.Text.Length} < {o.MinChars} chars")
                : Outcome.Keep(document);
        }
    }

    private sealed class Redact : ProcessorStep
    {
        public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
        {
            int at = document.Text.IndexOf('@', StringComparison.Ordinal);
            if (at < 0) return ValueTask.FromResult(Outcome.Keep(document));
            int start = document.Text.LastIndexOf(' ', at) + 1, end = document.Text.IndexOf(' ', at);
            var text = string.Concat(document.Text.AsSpan(0, start), "<EMAIL>", document.Text.AsSpan(end));
            context.Ledger.Write(new PiiCountRecord(document.Id, "email", 1, "redact", context.StepId));
            return ValueTask.FromResult(Outcome.Modify(document with { Text = text }, "pii:redacted", "email=1"));
        }
    }

    private sealed class ExactDedup : ProcessorStep
    {
        private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
        public override bool Sequential => true;

        public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
        {
            var h = DocumentId.ContentHash(document.Text);
            if (_seen.TryGetValue(h, out var first))
            {
                context.Ledger.Write(new DedupClusterRecord("c-" + h[..12], document.Id, first, 1.0, context.StepId));
                context.Ledger.Write(new DedupClusterRecord("c-" + h[..12], first, first, 1.0, context.StepId));
                return ValueTask.FromResult(Outcome.Drop(document, "exact_dedup:duplicate", $"same text as {first}"));
            }
            _seen[h] = document.Id;
            return ValueTask.FromResult(Outcome.Keep(document));
        }
    }

    public sealed class JsonlOptions
    {
        [OutputPath]
        public string Path { get; init; } = "docs.jsonl";
    }

    private sealed class JsonlSink(JsonlOptions o) : SinkStep
    {
        private AtomicFile? _file;
        private StreamWriter? _w;

        public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
        {
            _file = new AtomicFile(context.OutputPath(o.Path));
            _w = new StreamWriter(_file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            return ValueTask.CompletedTask;
        }

        public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
        {
            _w!.WriteLine(JsonSerializer.Serialize(new { id = document.Id, text = document.Text, url = document.Source.Url }));
            return ValueTask.CompletedTask;
        }

        public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
        {
            _w!.Flush();
            _w.Dispose();
            _file!.Commit();
            return ValueTask.FromResult<IReadOnlyList<Artifact>>([new Artifact("documents", _file.FinalPath, new Dictionary<string, string> { ["format"] = "jsonl" })]);
        }

        public override ValueTask AbortAsync()
        {
            _w?.Dispose();
            _file?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Pretends to tokenize the kept documents (one token per word + end-of-text) into one shard, trains one
    /// step on the first 200 tokens, saves a checkpoint.</summary>
    private sealed class Shards : ArtifactStep
    {
        public override Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var input = context.InputsOfKind("documents")[0].Path;
            var dir = context.OutputPath("shards");
            Directory.CreateDirectory(dir);
            var shard = Path.Combine(dir, "train_000000.bin");
            long pos = 0;
            foreach (var line in File.ReadLines(input))
            {
                using var j = JsonDocument.Parse(line);
                var id = j.RootElement.GetProperty("id").GetString()!;
                long n = j.RootElement.GetProperty("text").GetString()!.Split(' ').Length + 1;
                context.Ledger.Write(new ShardSpanRecord(shard, id, pos, n, "train", null));
                pos += n;
            }
            File.WriteAllBytes(shard, new byte[16]);
            context.Ledger.Write(new TrainMetricRecord(1, 3.5, 0.001, 1.0, 1000, "[{\"shard\":\"train_000000.bin\",\"offset\":0,\"length\":200}]"));
            var ckpt = Path.Combine(context.OutputPath("checkpoints"), "step_000001");
            Directory.CreateDirectory(ckpt);
            context.Ledger.Write(new CheckpointRecord(ckpt, 1, 200, 3.5, null, dir, DateTimeOffset.UtcNow));
            return Task.FromResult<IReadOnlyList<Artifact>>([new Artifact("shards", dir), new Artifact("checkpoint", ckpt)]);
        }
    }
}
