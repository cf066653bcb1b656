using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Synthetic;

namespace Pipeline.Bench.Workloads;

/// <summary>
/// Benchmarks of the engine area. <c>engine</c> runs synthetic documents (30–80 words) through 4 pass-through
/// processors into a counting sink, by default 1,000,000 documents with workers 1 and 2, each configuration in a
/// fresh process (<c>engine-run COUNT WORKERS BATCH WARMUP SOURCE</c>) so peak RSS is per configuration: once
/// fresh (the timed run is the process's first, JIT compilation included) and once warm (after warm-up runs of other
/// documents). Two sources: <c>mem</c>, a pool of documents generated before the clock starts and replayed (what the
/// engine itself costs), and <c>gen</c>, the synthetic_web generator in the DAG (engine plus generator); the
/// generator alone is measured beside them.
/// </summary>
internal static class EngineWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("engine", "synthetic docs through 4 pass-through steps: engine [COUNTS=1000000] [WORKERS=1,2] [SOURCES=mem,gen]: docs/s and peak RSS (fresh process each)", EngineAsync),
        new("engine-run", "One engine configuration in this process: engine-run COUNT WORKERS [BATCH] [WARMUP_DOCS] [SOURCE=mem|gen] [POOL=8192]", RunOneAsync),
        new("engine-gen", "Synthetic generator alone on one thread, and the cost of its parts", GenAsync),
        new("engine-gen-digest", "XxHash64 digest of synthetic documents 0..N-1 (all fields), text and html: engine-gen-digest [N]; must not change when the generator is optimised", DigestAsync),
    ];

    /// <summary>A digest of every field of the first N documents, so a faster generator can prove it writes the same documents.</summary>
    private static Task<BenchResult> DigestAsync(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var r = new BenchResult("engine-gen-digest");
        r.Add("count", n);
        foreach (var format in new[] { "text", "html" })
        {
            var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = 1, MinWords = 30, MaxWords = 80, Format = format });
            var hash = new System.IO.Hashing.XxHash64();
            var sb = new System.Text.StringBuilder();
            int count = format == "html" ? n / 4 : n;
            for (int i = 0; i < count; i++)
            {
                var d = gen.Generate(i);
                sb.Clear().Append(d.Id).Append('\u0001').Append(d.Text).Append('\u0001').Append(d.Source.ToString()).Append('\u0001');
                foreach (var kv in d.Meta)
                {
                    sb.Append(kv.Key).Append('=');
                    if (kv.Value is IEnumerable<KeyValuePair<string, long>> counts)
                        foreach (var c in counts) sb.Append(c.Key).Append(':').Append(c.Value).Append(',');
                    else if (kv.Value is IEnumerable<string> list)
                        foreach (var x in list) sb.Append(x).Append(',');
                    else sb.Append(string.Format(CultureInfo.InvariantCulture, "{0}", kv.Value));
                    sb.Append('\u0002');
                }
                hash.Append(System.Text.Encoding.UTF8.GetBytes(sb.ToString()));
            }
            r.Add($"{format}_count", count);
            r.Add($"{format}_digest", hash.GetCurrentHashAsUInt64().ToString("x16", CultureInfo.InvariantCulture));
        }
        return Task.FromResult(r);
    }

    /// <summary>Per-operation costs in thread CPU nanoseconds (robust on a shared machine, unlike wall time).</summary>
    private static Task<BenchResult> GenAsync(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
        var r = new BenchResult("engine-gen");
        long h = 0;
        var text = new SyntheticWebOptions { Seed = 1, MinWords = 30, MaxWords = 80 };
        var gen = new SyntheticWebGenerator(text);
        var clean = new SyntheticWebGenerator(text with { ExactDuplicateRate = 0, NearDuplicateRate = 0, BoilerplateRate = 0, LowQualityRate = 0, PiiRate = 0, LicenceRate = 0, OffensiveRate = 0 });
        var html = new SyntheticWebGenerator(text with { Format = "html" });
        for (int round = 0; round < 2; round++)
        {
            bool report = round == 1;
            long chars0 = h;
            Measure("generate_text_ns", n, i => h += gen.Generate(i).Text.Length);
            if (report) r.Add("generate_text_mean_chars", (h - chars0) / (double)n);
            Measure("generate_originals_only_ns", n, i => h += clean.Generate(i).Text.Length);
            Measure("generate_html_ns", n / 10, i => h += html.Generate(i).Text.Length);
            Measure("document_id_ns", n, i => h += DocumentId.For("synthetic://web/seed-1", i).Length);
            var m = Meta.Empty.Set("domain", "x.com").Set("synthetic_kind", "original");
            Measure("meta_set_cluster_ns", n, i => h += m.Set("synthetic_cluster", "c" + i.ToString(CultureInfo.InvariantCulture)).Count);
            var t = gen.Generate(3).Text;
            Measure("utf8_bytecount_561_chars_ns", n, i => h += System.Text.Encoding.UTF8.GetByteCount(t));

            void Measure(string name, int count, Action<int> body)
            {
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                var m = Measurement.Start(warm: round > 0);
                for (int i = 0; i < count; i++) body(i);
                var t = m.Stop();
                if (!report) return;
                r.Add(name, t.ThreadCpuSeconds * 1e9 / count);
                r.Add(name[..^3] + "_alloc_bytes", (GC.GetAllocatedBytesForCurrentThread() - a0) / (double)count);
            }
        }
        r.Add("generate_text_docs_per_cpu_s", 1e9 / r.Figures["generate_text_ns"]!.GetValue<double>());
        r.Add("note", "thread CPU time per call; machine shared with other engineers' builds (load average > 30 on 2 cores)");
        GC.KeepAlive(h);
        return Task.FromResult(r);
    }

    private static async Task<BenchResult> EngineAsync(string[] args)
    {
        var result = new BenchResult("engine");
        long[] counts = args.Length > 0 ? args[0].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1_000_000];
        int[] workers = args.Length > 1 ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1, 2];
        string[] sources = args.Length > 2 ? args[2].Split(',') : ["mem", "gen"];
        foreach (var source in sources)
        {
            foreach (var count in counts)
            {
                foreach (var w in workers)
                {
                    var key = $"{source}_{count / 1000}k_w{w}";
                    Add(key, await RunChildAsync(count, w, 0, source).ConfigureAwait(false));
                    Add(key + "_warm", await RunChildAsync(count, w, WarmupDocs, source).ConfigureAwait(false));
                }
            }
        }

        void Add(string key, JsonObject figures)
        {
            foreach (var name in new[] { "docs_per_s", "peak_rss_mb", "wall_s", "cpu_s", "docs_per_cpu_s", "gc_pause_s", "jit_s", "load_average_1m" })
                result.Add($"{key}_{name}", figures[name]!.GetValue<double>());
            if (figures["warmup_rounds"]!.GetValue<double>() > 0) result.Add($"{key}_rounds", figures["warmup_rounds"]!.GetValue<double>());
        }

        var gen = GeneratorOnly(200_000);
        result.Add("generator_docs_per_s_one_core", gen.PerSecond(200_000));
        result.Add("generator_docs_per_thread_cpu_s", gen.ThreadCpuSeconds > 0 ? 200_000 / gen.ThreadCpuSeconds : 0);
        result.Add("note", "4 pass-through processors + counting sink, synthetic_web 30-80 words, batch 256, ledger off, each configuration in a fresh process; "
            + "mem_*: documents replayed from a pool of " + PoolSize + " generated before the clock starts (the engine alone); gen_*: synthetic_web generating in the DAG (engine + generator, which also runs in parallel batches); "
            + "KEY_*: the first run in the process (fresh: JIT compilation included), KEY_warm_*: timed after warm-up runs of 200k other documents in the same process until JIT compilation settles (peak RSS covers them); "
            + "cpu_s: process CPU during the timed run; generator_*: the generator alone on one thread; machine shared with other engineers' builds (see load_average_1m)");
        return result;
    }

    private const long WarmupDocs = 200_000;

    /// <summary>Documents in the pre-generated pool the <c>mem</c> source replays.</summary>
    private const int PoolSize = 8192;

    private static async Task<JsonObject> RunChildAsync(long count, int workers, long warmup, string source)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(EngineWorkloads).Assembly.Location);
        foreach (var a in new[] { "engine-run", count.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture), "256", warmup.ToString(CultureInfo.InvariantCulture), source }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0) throw new InvalidOperationException($"engine-run {count} {workers} {source} failed ({p.ExitCode}): {stderr}");
        var line = (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        return (JsonObject)JsonNode.Parse(line)!["figures"]!;
    }

    private static async Task<BenchResult> RunOneAsync(string[] args)
    {
        long count = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
        long warmup = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        string source = args.Length > 4 ? args[4] : "mem";
        if (source is not ("mem" or "gen")) throw new ArgumentException($"source '{source}' is neither mem nor gen");
        int poolSize = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : PoolSize;
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-bench-engine-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var registry = Pipeline.Cli.Registry.CreateDefault();
            registry.AddProcessor<PassOptions>("bench.pass", "Keeps every document", _ => new PassStep());
            registry.AddSink<CountOptions>("bench.count", "Counts documents", _ => new CountSink());
            registry.AddSource<PoolOptions>("bench.pool", "Replays pre-generated documents", o => new PoolSource(o));
            var r = new BenchResult("engine-run");
            r.Add("count", count);
            r.Add("workers", workers);
            r.Add("batch", batch);
            r.Add("warmup_docs", warmup);
            r.Add("source", source);
            if (source == "mem") r.Add("pool", poolSize);
            if (source == "mem")
            {
                foreach (var seed in new[] { 1, 2 })
                {
                    var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = seed, MinWords = 30, MaxWords = 80 });
                    PoolSource.Pools[seed] = Enumerable.Range(0, poolSize).Select(i => gen.Generate(i)).ToArray();
                }
            }
            // Warm-up: the same DAG on other documents (seed 2) in this process, repeated (at most 6 times) until a
            // round compiles fewer than 20 methods, so the timed run measures tier-1 code: steady-state throughput.
            // Without it the timed run includes ~1 s of JIT work on this machine (see the cold figures).
            int rounds = 0;
            while (warmup > 0 && rounds < 6)
            {
                long before = System.Runtime.JitInfo.GetCompiledMethodCount();
                await RunDagAsync(warmup, seed: 2).ConfigureAwait(false);
                rounds++;
                if (System.Runtime.JitInfo.GetCompiledMethodCount() - before < 20) break;
            }
            r.Add("warmup_rounds", rounds);

            double cpu0 = Measurement.ProcessCpu().TotalSeconds;
            double jit0 = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
            long jitMethods0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var pause0 = GC.GetTotalPauseDuration();
            long alloc0 = GC.GetTotalAllocatedBytes();
            var m = Measurement.Start(warm: warmup > 0);
            var run = await RunDagAsync(count, seed: 1).ConfigureAwait(false);
            var t = m.Stop();
            r.Add("", t);
            r.Add("docs_per_s", t.PerSecond(count));
            r.Add("docs_per_cpu_s", t.PerCpuSecond(count));
            r.Add("cpu_s_before_run", cpu0);
            foreach (var s in run.Stats) r.Add($"cpu_s_{s.StepId}", s.CpuTime.TotalSeconds);
            r.Add("gc_count_gen0", GC.CollectionCount(0) - gen0);
            r.Add("gc_count_gen1", GC.CollectionCount(1) - gen1);
            r.Add("gc_count_gen2", GC.CollectionCount(2) - gen2);
            r.Add("gc_pause_s", (GC.GetTotalPauseDuration() - pause0).TotalSeconds);
            r.Add("gc_last_ephemeral_promoted_kb", GC.GetGCMemoryInfo(GCKind.Ephemeral).PromotedBytes / 1024.0);
            r.Add("alloc_bytes_per_doc", (GC.GetTotalAllocatedBytes() - alloc0) / (double)count);
            r.Add("jit_s", System.Runtime.JitInfo.GetCompilationTime().TotalSeconds - jit0);
            r.Add("jit_methods", System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods0);
            return r;

            async Task<RunResult> RunDagAsync(long n, int seed)
            {
                var steps = new List<string>
                {
                    source == "mem"
                        ? $$"""{ "id": "web", "uses": "bench.pool", "with": { "count": {{n}}, "seed": {{seed}} } }"""
                        : $$"""{ "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{n}}, "seed": {{seed}}, "min_words": 30, "max_words": 80 } }""",
                };
                string prev = "web";
                for (int i = 1; i <= 4; i++)
                {
                    steps.Add($$"""{ "id": "p{{i}}", "uses": "bench.pass", "needs": ["{{prev}}"], "workers": {{workers}} }""");
                    prev = $"p{i}";
                }
                steps.Add($$"""{ "id": "count", "uses": "bench.count", "needs": ["{{prev}}"] }""");
                var json = $$"""{ "name": "engine", "output_dir": "out-{{seed}}", "ledger": false, "batch_size": {{batch}}, "steps": [{{string.Join(",\n", steps)}}] }""";
                var path = Path.Combine(dir, $"engine-{seed}.json");
                File.WriteAllText(path, json);
                var (plan, errors) = DagValidator.Validate(DagFile.Load(path), registry);
                if (plan is null) throw new InvalidOperationException(string.Join("\n", errors));
                CountSink.Total = 0;
                var result = await DagRunner.RunAsync(plan, new RunOptions(), CancellationToken.None).ConfigureAwait(false);
                if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"run {result.Status}: {result.Error}");
                if (CountSink.Total != n) throw new InvalidOperationException($"sink saw {CountSink.Total} documents, expected {n}");
                return result;
            }
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>Sequential generation on the calling thread (one core).</summary>
    private static Measured GeneratorOnly(int n)
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = 1, MinWords = 30, MaxWords = 80 });
        for (int i = 0; i < 20_000; i++) gen.Generate(i);
        long chars = 0;
        var m = Measurement.Time(() => { for (int i = 0; i < n; i++) chars += gen.Generate(i).Text.Length; }, warm: true);
        GC.KeepAlive(chars);
        return m;
    }

    public sealed class PassOptions;

    public sealed class CountOptions;

    public sealed class PoolOptions
    {
        public long Count { get; init; }

        public int Seed { get; init; } = 1;
    }

    /// <summary>Replays a pool of documents generated before the clock started: a source that costs next to nothing.</summary>
    private sealed class PoolSource(PoolOptions options) : SourceStep
    {
        public static readonly Dictionary<int, Document[]> Pools = [];

        public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pool = Pools[options.Seed];
            for (long i = 0; i < options.Count; i++)
                yield return pool[(int)(i % pool.Length)];
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    private sealed class PassStep : ProcessorStep
    {
        public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken) => ValueTask.FromResult(Outcome.Keep(document));
    }

    private sealed class CountSink : SinkStep
    {
        public static long Total;

        public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
        {
            Total++;
            return ValueTask.CompletedTask;
        }

        public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<Artifact>>([]);
    }
}
