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
/// processors into a counting sink, for 100,000 and 1,000,000 documents and workers 1 and 2, each configuration
/// in a fresh process (<c>engine-run COUNT WORKERS</c>) so peak RSS is per configuration: once cold (the timed run is the
/// process's first, JIT compilation included) and once warm (after a warm-up run of other documents).
/// </summary>
internal static class EngineWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("engine", "1M and 100k synthetic docs through 4 pass-through steps, workers 1 and 2: docs/s and peak RSS (fresh process each)", EngineAsync),
        new("engine-run", "One engine configuration in this process: engine-run COUNT WORKERS [BATCH] [WARMUP_DOCS]", RunOneAsync),
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
                long c0 = ThreadCpuNs();
                for (int i = 0; i < count; i++) body(i);
                if (!report) return;
                r.Add(name, (ThreadCpuNs() - c0) / (double)count);
                r.Add(name[..^3] + "_alloc_bytes", (GC.GetAllocatedBytesForCurrentThread() - a0) / (double)count);
            }
        }
        r.Add("generate_text_docs_per_cpu_s", 1e9 / r.Figures["generate_text_ns"]!.GetValue<double>());
        r.Add("note", "thread CPU time per call; machine shared with other engineers' builds (load average > 30 on 2 cores)");
        GC.KeepAlive(h);
        return Task.FromResult(r);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpecNative ts);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpecNative
    {
        public long Sec;
        public long Nsec;
    }

    private static long ThreadCpuNs() => ClockGetTime(3, out var ts) == 0 ? ts.Sec * 1_000_000_000 + ts.Nsec : 0;

    private static async Task<BenchResult> EngineAsync(string[] args)
    {
        var result = new BenchResult("engine");
        long[] counts = args.Length > 0 ? args[0].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [100_000, 1_000_000];
        int[] workers = args.Length > 1 ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1, 2];
        foreach (var count in counts)
        {
            foreach (var w in workers)
            {
                var key = $"{count / 1000}k_w{w}";
                var cold = await RunChildAsync(count, w, 0).ConfigureAwait(false);
                Add(key, cold);
                var warm = await RunChildAsync(count, w, WarmupDocs).ConfigureAwait(false);
                Add(key + "_warm", warm);
            }
        }

        void Add(string key, JsonObject figures)
        {
            foreach (var name in new[] { "docs_per_s", "peak_rss_mb", "wall_s", "cpu_s", "docs_per_cpu_s", "gc_pause_s", "jit_s" })
                result.Add($"{key}_{name}", figures[name]!.GetValue<double>());
            if (figures["warmup_rounds"]!.GetValue<double>() > 0) result.Add($"{key}_rounds", figures["warmup_rounds"]!.GetValue<double>());
        }

        result.Add("generator_docs_per_s_one_core", GeneratorOnly(200_000));
        result.Add("load_average_1m", LoadAverage());
        result.Add("note", "4 pass-through processors + counting sink, synthetic_web 30-80 words, batch 256, ledger off, each configuration in a fresh process; "
            + "KEY_*: the first run in the process (includes JIT compilation), KEY_warm_*: timed after warm-up runs of 200k other documents in the same process until JIT compilation settles (peak RSS covers them); "
            + "cpu_s: process CPU during the timed run; machine shared with other engineers' builds");
        return result;
    }

    private const long WarmupDocs = 200_000;

    private static async Task<JsonObject> RunChildAsync(long count, int workers, long warmup)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(EngineWorkloads).Assembly.Location);
        foreach (var a in new[] { "engine-run", count.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture), "256", warmup.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        var stderr = await p.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0) throw new InvalidOperationException($"engine-run {count} {workers} failed ({p.ExitCode}): {stderr}");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        return (JsonObject)JsonNode.Parse(line)!["figures"]!;
    }

    private static async Task<BenchResult> RunOneAsync(string[] args)
    {
        long count = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
        long warmup = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-bench-engine-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var registry = Pipeline.Cli.Registry.CreateDefault();
            registry.AddProcessor<PassOptions>("bench.pass", "Keeps every document", _ => new PassStep());
            registry.AddSink<CountOptions>("bench.count", "Counts documents", _ => new CountSink());
            var r = new BenchResult("engine-run");
            r.Add("count", count);
            r.Add("workers", workers);
            r.Add("batch", batch);
            r.Add("warmup_docs", warmup);
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

            var proc = Process.GetCurrentProcess();
            double cpu0 = proc.TotalProcessorTime.TotalSeconds;
            double jit0 = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
            long jitMethods0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var pause0 = GC.GetTotalPauseDuration();
            long alloc0 = GC.GetTotalAllocatedBytes();
            var sw = Stopwatch.StartNew();
            var run = await RunDagAsync(count, seed: 1).ConfigureAwait(false);
            sw.Stop();
            proc.Refresh();
            double cpu = proc.TotalProcessorTime.TotalSeconds - cpu0;
            r.Add("wall_s", sw.Elapsed.TotalSeconds);
            r.Add("docs_per_s", count / sw.Elapsed.TotalSeconds);
            r.Add("peak_rss_mb", Machine.PeakRssMb());
            r.Add("cpu_s", cpu);
            r.Add("docs_per_cpu_s", count / cpu);
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
            r.Add("load_average_1m", LoadAverage());
            return r;

            async Task<RunResult> RunDagAsync(long n, int seed)
            {
                var steps = new List<string>
                {
                    $$"""{ "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{n}}, "seed": {{seed}}, "min_words": 30, "max_words": 80 } }""",
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

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Sequential generation on the calling thread (docs/s on one core).</summary>
    private static double GeneratorOnly(int n)
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = 1, MinWords = 30, MaxWords = 80 });
        for (int i = 0; i < 20_000; i++) gen.Generate(i);
        var sw = Stopwatch.StartNew();
        long chars = 0;
        for (int i = 0; i < n; i++) chars += gen.Generate(i).Text.Length;
        sw.Stop();
        GC.KeepAlive(chars);
        return n / sw.Elapsed.TotalSeconds;
    }

    public sealed class PassOptions;

    public sealed class CountOptions;

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
