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
/// in a fresh process (<c>engine-run COUNT WORKERS</c>) so peak RSS is per configuration.
/// </summary>
internal static class EngineWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("engine", "1M and 100k synthetic docs through 4 pass-through steps, workers 1 and 2: docs/s and peak RSS (fresh process each)", EngineAsync),
        new("engine-run", "One engine configuration in this process: engine-run COUNT WORKERS [BATCH]", RunOneAsync),
        new("engine-gen", "Synthetic generator alone on one thread, and the cost of its parts", GenAsync),
    ];

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
            Measure("generate_text_ns", n, i => h += gen.Generate(i).Text.Length);
            Measure("generate_originals_only_ns", n, i => h += clean.Generate(i).Text.Length);
            Measure("generate_html_ns", n / 10, i => h += html.Generate(i).Text.Length);
            Measure("document_id_ns", n, i => h += DocumentId.For("synthetic://web/seed-1", i).Length);
            var m = Meta.Empty.Set("domain", "x.com").Set("synthetic_kind", "original");
            Measure("meta_set_cluster_ns", n, i => h += m.Set("synthetic_cluster", "c" + i.ToString(CultureInfo.InvariantCulture)).Count);
            var t = gen.Generate(3).Text;
            Measure("utf8_bytecount_561_chars_ns", n, i => h += System.Text.Encoding.UTF8.GetByteCount(t));

            void Measure(string name, int count, Action<int> body)
            {
                long c0 = ThreadCpuNs();
                for (int i = 0; i < count; i++) body(i);
                if (report) r.Add(name, (ThreadCpuNs() - c0) / (double)count);
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
                var figures = await RunChildAsync(count, w).ConfigureAwait(false);
                var key = $"{count / 1000}k_w{w}";
                result.Add($"{key}_docs_per_s", figures["docs_per_s"]!.GetValue<double>());
                result.Add($"{key}_peak_rss_mb", figures["peak_rss_mb"]!.GetValue<double>());
                result.Add($"{key}_wall_s", figures["wall_s"]!.GetValue<double>());
            }
        }
        result.Add("generator_docs_per_s_one_core", GeneratorOnly(200_000));
        result.Add("note", "4 pass-through processors + counting sink, synthetic_web 30-80 words, batch 256, ledger off; machine shared with other engineers' builds");
        return result;
    }

    private static async Task<JsonObject> RunChildAsync(long count, int workers)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(EngineWorkloads).Assembly.Location);
        foreach (var a in new[] { "engine-run", count.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
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
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-bench-engine-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var registry = Pipeline.Cli.Registry.CreateDefault();
            registry.AddProcessor<PassOptions>("bench.pass", "Keeps every document", _ => new PassStep());
            registry.AddSink<CountOptions>("bench.count", "Counts documents", _ => new CountSink());
            var steps = new List<string>
            {
                $$"""{ "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{count}}, "seed": 1, "min_words": 30, "max_words": 80 } }""",
            };
            string prev = "web";
            for (int i = 1; i <= 4; i++)
            {
                steps.Add($$"""{ "id": "p{{i}}", "uses": "bench.pass", "needs": ["{{prev}}"], "workers": {{workers}} }""");
                prev = $"p{i}";
            }
            steps.Add($$"""{ "id": "count", "uses": "bench.count", "needs": ["{{prev}}"] }""");
            var json = $$"""{ "name": "engine", "output_dir": "out", "ledger": false, "batch_size": {{batch}}, "steps": [{{string.Join(",\n", steps)}}] }""";
            var path = Path.Combine(dir, "engine.json");
            File.WriteAllText(path, json);
            var (plan, errors) = DagValidator.Validate(DagFile.Load(path), registry);
            if (plan is null) throw new InvalidOperationException(string.Join("\n", errors));

            var sw = Stopwatch.StartNew();
            var run = await DagRunner.RunAsync(plan, new RunOptions(), CancellationToken.None).ConfigureAwait(false);
            sw.Stop();
            if (run.Status != RunStatus.Completed) throw new InvalidOperationException($"run {run.Status}: {run.Error}");
            long seen = CountSink.Total;
            if (seen != count) throw new InvalidOperationException($"sink saw {seen} documents, expected {count}");
            var r = new BenchResult("engine-run");
            r.Add("count", count);
            r.Add("workers", workers);
            r.Add("batch", batch);
            r.Add("wall_s", sw.Elapsed.TotalSeconds);
            r.Add("docs_per_s", count / sw.Elapsed.TotalSeconds);
            r.Add("peak_rss_mb", Machine.PeakRssMb());
            r.Add("cpu_s", Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
            foreach (var s in run.Stats) r.Add($"cpu_s_{s.StepId}", s.CpuTime.TotalSeconds);
            r.Add("gc_count_gen0", GC.CollectionCount(0));
            r.Add("gc_count_gen2", GC.CollectionCount(2));
            return r;
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
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
        public override ValueTask<Outcome> ProcessAsync(Document document, CancellationToken cancellationToken) => ValueTask.FromResult(Outcome.Keep(document));
    }

    private sealed class CountSink : SinkStep
    {
        public static long Total;

        public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask WriteAsync(Document document, CancellationToken cancellationToken)
        {
            Total++;
            return ValueTask.CompletedTask;
        }

        public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<Artifact>>([]);
    }
}
