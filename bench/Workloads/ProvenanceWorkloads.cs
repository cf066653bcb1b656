using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;
using Pipeline.Provenance;

namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the provenance area.</summary>
internal static class ProvenanceWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("ledger-writer", "the ledger writer alone: records/s appending pre-built document, output and event records (CPU of the calling thread), beside DuckDB alone writing the same rows (floor_*: appenders, and its bulk CSV load); args: [docs=200000]", LedgerWriterAsync),
        new("ledger", "docs/s of one DAG with the DuckDB ledger on and off; args: [docs=200000] [reps=2] [dag=curation|light]: curation = the product's own steps (synthetic web pages → licence policy → Gopher quality → Gopher repetition → PII redaction → exact dedup → JSONL), light = bench-only steps that do almost nothing per document (source → word-count filter → e-mail redaction → JSONL), the ledger's worst case", LedgerAsync),
    ];

    private static async Task<BenchResult> LedgerAsync(string[] args)
    {
        int docs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int reps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var dag = args.Length > 2 ? args[2] : "curation";
        if (dag is not ("curation" or "light")) throw new ArgumentException($"unknown dag '{dag}' (curation or light)");
        var root = Path.Combine(Path.GetTempPath(), "pipeline-bench-ledger-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var registry = Pipeline.Cli.Registry.CreateDefault();
            registry.AddSource<GenOptions>("bench.generate", "synthetic web-like documents", o => new Generate(o));
            registry.AddProcessor<NoOptions>("bench.quality", "word-statistics quality filter", _ => new Quality());
            registry.AddProcessor<NoOptions>("bench.redact", "e-mail redaction", _ => new Redact());
            registry.AddSink<NoOptions>("bench.jsonl", "JSONL writer", _ => new JsonlSink());
            // warm-up (JIT, DuckDB load) on a small run of each
            await RunOnceAsync(root, registry, dag, 5_000, ledger: true, "warm-on");
            await RunOnceAsync(root, registry, dag, 5_000, ledger: false, "warm-off");
            var on = new List<double>();
            var off = new List<double>();
            var cpuOn = new List<double>();
            var cpuOff = new List<double>();
            long ledgerBytes = 0;
            double writerBusy = 0, writerCpu = 0, finalize = 0, close = 0;
            long records = 0;
            for (int r = 0; r < reps; r++)
            {
                off.Add(await RunOnceAsync(root, registry, dag, docs, ledger: false, $"off{r}"));
                cpuOff.Add(_lastCpu);
                on.Add(await RunOnceAsync(root, registry, dag, docs, ledger: true, $"on{r}"));
                cpuOn.Add(_lastCpu);
                ledgerBytes = new FileInfo(Path.Combine(root, $"on{r}", "out", "provenance.duckdb")).Length;
                writerBusy = _last!.WriterBusy.TotalSeconds;
                writerCpu = _last.WriterCpu.TotalSeconds;
                close = _last.CloseTime.TotalSeconds;
                finalize = _last.FinalizeTime.TotalSeconds;
                records = _last.RecordsWritten;
            }
            double bestOff = off.Min(), bestOn = on.Min();
            var res = new BenchResult("ledger")
                .Add("dag", dag)
                .Add("documents", docs)
                .Add("reps", reps)
                .Add("wall_s_off_best", bestOff)
                .Add("wall_s_on_best", bestOn)
                .Add("docs_per_s_off", docs / bestOff)
                .Add("docs_per_s_on", docs / bestOn)
                .Add("overhead_pct_best", (bestOn / bestOff - 1) * 100)
                .Add("overhead_pct_median", (Median(on) / Median(off) - 1) * 100)
                .Add("wall_s_off_all", string.Join(" ", off.Select(x => x.ToString("F2", CultureInfo.InvariantCulture))))
                .Add("wall_s_on_all", string.Join(" ", on.Select(x => x.ToString("F2", CultureInfo.InvariantCulture))))
                .Add("cpu_s_off_median", Median(cpuOff))
                .Add("cpu_s_on_median", Median(cpuOn))
                .Add("cpu_overhead_pct", (Median(cpuOn) / Median(cpuOff) - 1) * 100)
                .Add("ledger_records", records)
                .Add("ledger_writer_busy_s", writerBusy)
                .Add("ledger_writer_cpu_s", writerCpu)
                .Add("ledger_finalize_s", finalize)
                .Add("ledger_close_s", close)
                .Add("ledger_mb", ledgerBytes / 1048576.0)
                .Add("peak_rss_mb", Machine.PeakRssMb());
            return res;
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }

    private static async Task<BenchResult> LedgerWriterAsync(string[] args)
    {
        int docs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var root = Path.Combine(Path.GetTempPath(), "pipeline-bench-ledgerw-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var records = new List<Pipeline.Core.Ledger.LedgerRecord>(docs * 2 + 100);
            var gen = new Generate(new GenOptions { Count = docs });
            await foreach (var d in gen.ReadAsync(null!, CancellationToken.None))
            {
                records.Add(new Pipeline.Core.Ledger.DocumentEnteredRecord("gen", d));
                if (d.Text.Length < 200) records.Add(new Pipeline.Core.Ledger.DocumentEventRecord(d.Id, "quality", OutcomeAction.Dropped, "quality:too_few_words", "8 words"));
                else records.Add(new Pipeline.Core.Ledger.DocumentWrittenRecord(d.Id, "write", ""));
            }
            var res = new BenchResult("ledger-writer").Add("documents", docs).Add("records", records.Count);
            for (int rep = 0; rep < 2; rep++)
            {
                var ledger = new DuckDbLedger(Path.Combine(root, $"w{rep}.duckdb"));
                var all = Measurement.Start(warm: rep > 0);
                await ledger.StartRunAsync(new Pipeline.Core.Ledger.LedgerRun("r" + rep, "bench", "{}", "h" + rep, "0", 0, 1, DateTimeOffset.UtcNow), CancellationToken.None);
                var writes = Measurement.Start(warm: rep > 0);
                foreach (var r in records) ledger.Write(r);
                await ledger.CompleteRunAsync("completed", CancellationToken.None);
                await ledger.DisposeAsync();
                double wall = writes.Stop().WallSeconds;
                res.Add($"cpu_s_{rep}", all.Stop().CpuSeconds).Add($"mb_{rep}", new FileInfo(Path.Combine(root, $"w{rep}.duckdb")).Length / 1048576.0);
                res.Add($"wall_s_{rep}", wall).Add($"writer_busy_s_{rep}", ledger.WriterBusy.TotalSeconds)
                    .Add($"writer_cpu_s_{rep}", ledger.WriterCpu.TotalSeconds);
            }
            LedgerFloor.Measure(records, root, res);
            return res;
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static DuckDbLedger? _last;
    private static double _lastCpu;

    private static async Task<double> RunOnceAsync(string root, StepRegistry registry, string dag, int docs, bool ledger, string name)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "dag.json");
        await File.WriteAllTextAsync(path, $$"""
            {
              "name": "ledger-bench",
              "output_dir": "out",
              "ledger": {{(ledger ? "true" : "false")}},
              "steps": {{(dag == "light" ? LightSteps(docs) : CurationSteps(docs))}}
            }
            """);
        var (plan, errors) = DagValidator.Validate(DagFile.Load(path), registry);
        if (plan is null) throw new InvalidOperationException(string.Join("\n", errors));
        GC.Collect();
        _last = null;
        var measure = Measurement.Start(warm: true);
        var result = await DagRunner.RunAsync(plan, new RunOptions
        {
            LedgerFactory = run => _last = (DuckDbLedger)ProvenanceModule.CreateLedger(run, new LedgerOptions { Mappings = Pipeline.Cli.Registry.LedgerMappings() }),
        }, CancellationToken.None);
        var t = measure.Stop();
        _lastCpu = t.CpuSeconds;
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"bench run {result.Status}: {result.Error}");
        return t.WallSeconds;
    }

    private static string LightSteps(int docs) => $$"""
        [
            { "id": "gen", "uses": "bench.generate", "with": { "count": {{docs}} } },
            { "id": "quality", "uses": "bench.quality", "needs": ["gen"], "workers": 2 },
            { "id": "redact", "uses": "bench.redact", "needs": ["quality"], "workers": 2 },
            { "id": "write", "uses": "bench.jsonl", "needs": ["redact"] }
          ]
        """;

    private static string CurationSteps(int docs) => $$"""
        [
            { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{docs}}, "seed": 3 } },
            { "id": "licence", "uses": "filters.licence_policy", "needs": ["web"], "with": { "deny": ["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"], "respect_opt_out": true } },
            { "id": "quality", "uses": "filters.gopher_quality", "needs": ["licence"], "workers": 2 },
            { "id": "repetition", "uses": "filters.gopher_repetition", "needs": ["quality"], "workers": 2 },
            { "id": "pii", "uses": "filters.pii", "needs": ["repetition"], "workers": 2 },
            { "id": "dedup", "uses": "dedup.exact", "needs": ["pii"] },
            { "id": "write", "uses": "sink.jsonl", "needs": ["dedup"], "with": { "path": "kept.jsonl" } }
          ]
        """;

    public sealed class NoOptions
    {
    }

    public sealed class GenOptions
    {
        public int Count { get; init; } = 1000;
    }

    private static readonly string[] Words =
    [
        "the", "of", "and", "data", "model", "provenance", "ledger", "licence", "crawl", "page", "archive", "record",
        "text", "quality", "filter", "token", "shard", "checkpoint", "training", "corpus", "web", "document", "source",
        "domain", "language", "review", "compliance", "audit", "a", "to", "in", "is", "for", "on", "with", "as", "by",
    ];

    /// <summary>Documents of 150–400 words from a fixed vocabulary; every 10th is junk, every 9th has an e-mail.</summary>
    private sealed class Generate(GenOptions o) : SourceStep
    {
        public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            var sb = new StringBuilder(4096);
            for (int i = 0; i < o.Count; i++)
            {
                if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                sb.Clear();
                ulong x = (ulong)i * 0x9E3779B97F4A7C15UL + 1;
                int n = i % 10 == 9 ? 8 : 150 + (int)(x % 250);
                for (int k = 0; k < n; k++)
                {
                    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                    sb.Append(Words[(int)(x % (ulong)Words.Length)]).Append(k % 17 == 16 ? ". " : " ");
                }
                if (i % 9 == 0) sb.Append("write to someone").Append(i).Append("@mail.example today");
                var host = $"site{i % 997}.example";
                var meta = Meta.Empty.Set("domain", host).Set("host", "www." + host).Set("language", "en")
                    .Set("licence", (i % 3) switch { 0 => "CC-BY-4.0", 1 => "CC0-1.0", _ => "unknown" });
                yield return new Document(DocumentId.For("bench/crawl.warc.gz", i * 2048L), sb.ToString(),
                    new SourceRef("bench/crawl.warc.gz", i * 2048L, $"https://www.{host}/p/{i}", DateTimeOffset.UnixEpoch, "text/html", null), meta);
            }
        }
    }

    private sealed class Quality : FilterStep
    {
        protected override Outcome Decide(Document document)
        {
            var t = document.Text.AsSpan();
            int words = 0, letters = 0;
            bool inWord = false;
            foreach (var c in t)
            {
                if (char.IsLetter(c)) letters++;
                bool ws = char.IsWhiteSpace(c);
                if (!ws && !inWord) words++;
                inWord = !ws;
            }
            if (words < 50) return Outcome.Drop(document, "quality:too_few_words", $"{words} words");
            if (letters < t.Length / 2) return Outcome.Drop(document, "quality:few_letters");
            return Outcome.Keep(document.WithMeta("word_count", words));
        }
    }

    private sealed class Redact : ProcessorStep
    {
        public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
        {
            int at = document.Text.IndexOf('@', StringComparison.Ordinal);
            if (at < 0) return ValueTask.FromResult(Outcome.Keep(document));
            int start = document.Text.LastIndexOf(' ', at) + 1, end = document.Text.IndexOf(' ', at);
            if (end < 0) end = document.Text.Length;
            var text = string.Concat(document.Text.AsSpan(0, start), "<EMAIL>", document.Text.AsSpan(end));
            return ValueTask.FromResult(Outcome.Modify(document with { Text = text }, "pii:redacted", "email=1"));
        }
    }

    private sealed class JsonlSink : SinkStep
    {
        private AtomicFile? _file;
        private Utf8JsonWriter? _w;

        public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
        {
            _file = new AtomicFile(context.OutputPath("docs.jsonl"));
            _w = new Utf8JsonWriter(_file.Stream);
            return ValueTask.CompletedTask;
        }

        public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
        {
            var w = _w!;
            w.WriteStartObject();
            w.WriteString("id", document.Id);
            w.WriteString("text", document.Text);
            w.WriteString("url", document.Source.Url);
            w.WriteString("licence", document.Meta.GetString("licence"));
            w.WriteEndObject();
            w.Flush();
            w.Reset();
            _file!.Stream.WriteByte((byte)'\n');
            return ValueTask.CompletedTask;
        }

        public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
        {
            _w!.Dispose();
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
}
