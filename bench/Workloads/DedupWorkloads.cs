using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Dedup;
using Pipeline.Ingest.Synthetic;

namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the dedup area.</summary>
internal static class DedupWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("minhash", "MinHash signatures/s per core and end-to-end docs/s vs a NumPy peer; [--docs N] [--peer-docs N] [--memory-docs N] (peak RSS at N docs)", MinHashAsync),
        new("minhash-quality", "Precision/recall/F1 of dedup.minhash on synthetic near duplicates (30%, 1-3% word edits), threshold 0.8; [--docs N]", QualityAsync),
        new("minhash-staged", "Bucket-sharded staged MinHash: N signature tasks, M bucket tasks, the edge clustering; per-stage wall/CPU, docs per CPU-second, bytes written, bucket skew; [--docs N] [--tasks N] [--buckets M | --memory-per-task-mb MB] [--near-rate R] [--compare] (equality with dedup.minhash in one process)", StagedShardedAsync),
        new("minhash-devset", "Near-duplicate P/R/F1, cross-page merges and the chaining guard on the dev pages extracted three ways (expected, ours, readability-lxml); [--pages DIR]", DevSetAsync),
    ];

    /// <summary>Documents i = 0.. of the chosen generator: "web" (ingest.synthetic_web, 30% near duplicates) or "bench" (the local corpus).</summary>
    private static Func<long, Document> Generator(string[] args, long seed, out string name)
    {
        int i = Array.IndexOf(args, "--generator");
        name = i >= 0 && i + 1 < args.Length ? args[i + 1] : "web";
        if (name == "bench") return new Corpus(seed).Generate;
        var web = new SyntheticWebGenerator(new SyntheticWebOptions { Count = long.MaxValue, Seed = seed, NearDuplicateRate = 0.3, ExactDuplicateRate = 0.05 });
        return web.Generate;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static async Task<BenchResult> MinHashAsync(string[] args)
    {
        int n = Arg(args, "--docs", 20000), peerDocs = Arg(args, "--peer-docs", 2000), memoryDocs = Arg(args, "--memory-docs", 0);
        var result = new BenchResult("minhash");
        var gen = Generator(args, 42, out var genName);
        var docs = new Document[n];
        Parallel.For(0, n, i => docs[i] = gen(i));
        result.Add("generator", genName);
        long chars = docs.Sum(d => (long)d.Text.Length);
        result.Add("documents", n).Add("mean_chars", chars / (double)n);

        // The peer comparison uses the issue's 14 × 8 = 112 permutations (same signature work as the NumPy peer).
        var settings = PeerOptions(0).Resolve();
        // Signatures per core: one thread, shingling + 112 permutations + band hashes.
        var one = new SignatureBatch(settings, threads: 1);
        one.Compute(2000, i => docs[i].Text); // warm-up (JIT, tiering)
        // The machine is shared, so per-core figures use this process's CPU time (the peer reports process_time too).
        var sig = Measurement.Time(() => { for (int i = 0; i < n; i += 1024) one.Compute(Math.Min(1024, n - i), j => docs[i + j].Text); }, warm: true);
        double sigCpu = sig.CpuSeconds;
        double sigPerCore = n / sigCpu;
        result.Add("signatures_per_cpu_s", sigPerCore).Add("signatures_per_s_wall_1_thread", sig.PerSecond(n)).Add("signatures_", sig);

        // End to end: dedup.minhash over all documents, all cores (14 × 8 estimate, like the peer).
        var (e2eWall, e2eCpu, dropped, index) = await RunStepAsync(docs, PeerOptions(0));
        result.Add("end_to_end_docs_per_s", n / e2eWall).Add("end_to_end_docs_per_cpu_s", n / e2eCpu)
            .Add("dropped", dropped).Add("index_bytes_per_document", index).Add("cores", Environment.ProcessorCount);
        var (w1, c1, _, _) = await RunStepAsync(docs, PeerOptions(1));
        result.Add("end_to_end_docs_per_s_1_thread", n / w1).Add("end_to_end_docs_per_cpu_s_1_thread", n / c1);
        // The default configuration (exact verification on fingerprints, 18 × 6), one thread.
        var (dw1, dc1, droppedDefault, indexDefault) = await RunStepAsync(docs, new MinHashOptions { Threads = 1 });
        result.Add("default_end_to_end_docs_per_s_1_thread", n / dw1).Add("default_end_to_end_docs_per_cpu_s_1_thread", n / dc1)
            .Add("default_dropped", droppedDefault).Add("default_index_bytes_per_document", indexDefault);

        // NumPy peer on a prefix (it is slow), single-threaded.
        var peer = RunPeer(docs.Take(Math.Min(peerDocs, n)).ToArray());
        if (peer is not null)
        {
            double peerSig = peer["signatures_per_s"]!.GetValue<double>(), peerE2e = peer["docs_per_s"]!.GetValue<double>();
            result.Add("numpy_documents", peer["documents"]!.GetValue<double>())
                .Add("numpy_signatures_per_cpu_s", peerSig)
                .Add("numpy_end_to_end_docs_per_cpu_s", peerE2e)
                .Add("speedup_signatures_per_cpu_s", sigPerCore / peerSig)
                .Add("speedup_end_to_end_per_cpu_s", n / c1 / peerE2e);
        }
        else result.Add("numpy", "unavailable (apt-get install python3-numpy)");

        int stagedDocs = Arg(args, "--staged-docs", 0);
        if (stagedDocs > 0) await StagedAsync(result, stagedDocs, Arg(args, "--tasks", 4), Generator(args, 11, out _));
        if (memoryDocs > 0) await MemoryAsync(result, memoryDocs, Generator(args, 7, out _));
        return result;
    }

    /// <summary>The configuration compared with the NumPy peer: 14 × 8 bands, signature estimate (what the peer computes).</summary>
    private static MinHashOptions PeerOptions(int threads) => new() { Bands = 14, Rows = 8, Verify = "estimate", Threads = threads };

    private static async Task<(double Wall, double Cpu, long Dropped, double IndexBytesPerDoc)> RunStepAsync(IReadOnlyList<Document> docs, MinHashOptions options)
    {
        using var tmp = new TempFolder();
        var step = new MinHashStep(options);
        var ctx = StepContext.ForTool("minhash", tmp.Path);
        var measure = Measurement.Start();
        await step.OpenAsync(ctx, CancellationToken.None);
        long dropped = 0;
        const int batch = 1024;
        var outcomes = new Outcome[batch];
        for (int i = 0; i < docs.Count; i += batch)
        {
            int m = Math.Min(batch, docs.Count - i);
            var slice = docs.Skip(i).Take(m).ToArray();
            await step.ProcessBatchAsync(slice, outcomes.AsMemory(0, m), ctx, CancellationToken.None);
            for (int j = 0; j < m; j++) if (outcomes[j].Action == OutcomeAction.Dropped) dropped++;
        }
        var arts = await step.CompleteAsync(ctx, CancellationToken.None);
        var t = measure.Stop();
        double perDoc = double.Parse(arts[0].Get("index_bytes_per_document")!, CultureInfo.InvariantCulture);
        return (t.WallSeconds, t.CpuSeconds, dropped, perDoc);
    }

    /// <summary>Staged mode: signatures written by T tasks, then `dedup cluster`; compared with streaming on the same documents.</summary>
    private static async Task StagedAsync(BenchResult result, int count, int tasks, Func<long, Document> gen)
    {
        var docs = new Document[count];
        Parallel.For(0, count, i => docs[i] = gen(i));
        using var tmp = new TempFolder();
        var files = new List<string>();
        var signatures = Measurement.Start();
        for (int t = 0; t < tasks; t++)
        {
            var ctx = new StepContext("sigs", new RunInfo("bench", "bench", tmp.Path, tmp.Path, t, tasks));
            var sink = new MinHashSignaturesSink(new MinHashSignaturesOptions());
            await sink.OpenAsync(ctx, CancellationToken.None);
            long from = (long)count * t / tasks, to = (long)count * (t + 1) / tasks;
            for (long i = from; i < to; i++) await sink.WriteAsync(docs[i], ctx, CancellationToken.None);
            files.Add((await sink.CompleteAsync(ctx, CancellationToken.None))[0].Path);
        }
        double sigWall = signatures.Stop().WallSeconds;
        ClusterResult r = null!;
        var cluster = Measurement.Time(() => r = MinHashClustering.Run(files, Path.Combine(tmp.Path, "clusters")));
        double clusterWall = cluster.WallSeconds, clusterCpu = cluster.CpuSeconds;
        var (_, _, streamingDropped, _) = await RunStepAsync(docs, new MinHashOptions()); // defaults, like the signature sink's
        result.Add("staged_documents", count).Add("staged_tasks", tasks)
            .Add("staged_signature_wall_s", sigWall)
            .Add("staged_cluster_wall_s", clusterWall).Add("staged_cluster_cpu_s", clusterCpu)
            .Add("staged_cluster_docs_per_cpu_s", count / clusterCpu)
            .Add("staged_cluster_memory_bytes_per_document", r.PeakIndexBytes / (double)count)
            .Add("staged_removed", r.Removed).Add("streaming_removed", streamingDropped);
    }


    private static async Task<BenchResult> StagedShardedAsync(string[] args)
    {
        int n = Arg(args, "--docs", 200_000), tasks = Arg(args, "--tasks", 4), shares = Arg(args, "--buckets", 0);
        long memory = Arg(args, "--memory-per-task-mb", 2048) * (1L << 20);
        int ri = Array.IndexOf(args, "--near-rate");
        double near = ri >= 0 ? double.Parse(args[ri + 1], CultureInfo.InvariantCulture) : 0.15;
        if (shares == 0) shares = MinHashBuckets.TasksFor(n, memory);
        var web = new SyntheticWebGenerator(new SyntheticWebOptions { Count = n, Seed = 18, NearDuplicateRate = near, ExactDuplicateRate = 0.05 });
        var result = new BenchResult("minhash-staged");
        result.Add("documents", n).Add("tasks", tasks).Add("bucket_tasks", shares).Add("near_duplicate_rate", near).Add("exact_duplicate_rate", 0.05)
            .Add("memory_per_task_mb", memory >> 20);
        using var tmp = new TempFolder();
        // stage 1: signatures + bucket files, task after task
        var sigs = new List<string>();
        double wall1 = 0, cpu1 = 0;
        long bytes1 = 0;
        const int batch = 2048;
        var docs = new Document[batch];
        for (int t = 0; t < tasks; t++)
        {
            var ctx = new StepContext("sigs", new RunInfo("bench", "bench", tmp.Path, tmp.Path, t, tasks));
            var sink = new MinHashSignaturesSink(new MinHashSignaturesOptions());
            long from = (long)n * t / tasks, to = (long)n * (t + 1) / tasks;
            var section = Measurement.Start(warm: t > 0);
            await sink.OpenAsync(ctx, CancellationToken.None);
            for (long i = from; i < to; i += batch)
            {
                int m = (int)Math.Min(batch, to - i);
                Parallel.For(0, m, j => docs[j] = web.Generate(i + j));
                for (int j = 0; j < m; j++) await sink.WriteAsync(docs[j], ctx, CancellationToken.None);
            }
            var path = (await sink.CompleteAsync(ctx, CancellationToken.None))[0].Path;
            var took = section.Stop();
            wall1 += took.WallSeconds;
            cpu1 += took.CpuSeconds;
            sigs.Add(path);
            bytes1 += new FileInfo(path).Length + new FileInfo(Path.ChangeExtension(path, ".mhbkt")).Length;
        }
        result.Add("stage1_wall_s", wall1).Add("stage1_cpu_s", cpu1).Add("stage1_docs_per_cpu_s", n / cpu1).Add("stage1_bytes_written", bytes1)
            .Add("stage1_bytes_per_document", bytes1 / (double)n);
        // stage 2a: bucket tasks
        var buckets = new List<(BucketTaskResult R, double Wall, double Cpu)>();
        for (int k = 0; k < shares; k++)
        {
            var section = Measurement.Start(warm: k > 0);
            var r = MinHashBuckets.Run(sigs, k, shares, Path.Combine(tmp.Path, "edges"), memory);
            var took = section.Stop();
            buckets.Add((r, took.WallSeconds, took.CpuSeconds));
        }
        double wall2 = buckets.Sum(b => b.Wall), cpu2 = buckets.Sum(b => b.Cpu);
        static double Median(IEnumerable<double> xs) { var a = xs.Order().ToArray(); return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2; }
        result.Add("buckets_wall_s", wall2).Add("buckets_cpu_s", cpu2).Add("buckets_docs_per_cpu_s", n / cpu2)
            .Add("buckets_bytes_read", buckets.Sum(b => b.R.BytesRead)).Add("buckets_bytes_written", buckets.Sum(b => b.R.BytesWritten))
            .Add("buckets_edges", buckets.Sum(b => b.R.Edges)).Add("buckets_max_estimated_mb", buckets.Max(b => b.R.EstimatedBytes) / 1048576.0)
            .Add("bucket_skew_records_max_over_median", buckets.Max(b => (double)b.R.Records) / Median(buckets.Select(b => (double)b.R.Records)))
            .Add("bucket_skew_edges_max_over_median", buckets.Max(b => (double)b.R.Edges) / Math.Max(1, Median(buckets.Select(b => (double)b.R.Edges))))
            .Add("bucket_skew_cpu_max_over_median", buckets.Max(b => b.Cpu) / Median(buckets.Select(b => b.Cpu)));
        // stage 2b: the edge clustering
        var clustering = Measurement.Start();
        var cr = EdgeClustering.Run(sigs, buckets.Select(b => b.R.EdgesPath).ToList(), Path.Combine(tmp.Path, "clusters"), null, memory, 0, CancellationToken.None);
        var tookCluster = clustering.Stop();
        double wall3 = tookCluster.WallSeconds, cpu3 = tookCluster.CpuSeconds;
        long bytes3 = cr.RemovalLists.Sum(p => new FileInfo(p).Length) + new FileInfo(cr.ClusterTablePath).Length;
        result.Add("cluster_wall_s", wall3).Add("cluster_cpu_s", cpu3).Add("cluster_docs_per_cpu_s", n / cpu3).Add("cluster_bytes_written", bytes3)
            .Add("cluster_candidates", cr.Candidates).Add("cluster_edges", cr.Edges).Add("cluster_largest_component", cr.LargestComponent)
            .Add("cluster_memory_estimate_mb", cr.PeakIndexBytes / 1048576.0)
            .Add("removed", cr.Removed).Add("clusters", cr.Clusters).Add("peak_rss_mb", Machine.PeakRssMb());
        if (args.Contains("--compare"))
        {
            // dedup.minhash in one process over the same documents, generated again
            var step = new MinHashStep(new MinHashOptions());
            var ctx = StepContext.ForTool("minhash", tmp.Path);
            await step.OpenAsync(ctx, CancellationToken.None);
            var outcomes = new Outcome[batch];
            var removed = new Dictionary<string, (string, double, string)>(StringComparer.Ordinal);
            var single = Measurement.Start();
            for (long i = 0; i < n; i += batch)
            {
                int m = (int)Math.Min(batch, n - i);
                Parallel.For(0, m, j => docs[j] = web.Generate(i + j));
                await step.ProcessBatchAsync(docs.AsMemory(0, m), outcomes.AsMemory(0, m), ctx, CancellationToken.None);
                for (int j = 0; j < m; j++)
                    if (outcomes[j].Action == OutcomeAction.Dropped)
                    {
                        var d = outcomes[j].Document;
                        removed[d.Id] = (d.Meta.GetString("duplicate_of")!, d.Meta.GetDouble("duplicate_similarity")!.Value, d.Meta.GetString("duplicate_cluster")!);
                    }
            }
            var arts = await step.CompleteAsync(ctx, CancellationToken.None);
            double streamCpu = single.Stop().CpuSeconds;
            var staged = cr.RemovalLists.SelectMany(p => MinHashFilterStep.Load(p)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            bool sameRemovals = staged.Count == removed.Count && staged.All(kv => removed.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));
            var ta = await ClusterTable.ReadAsync(arts[0].Path, CancellationToken.None);
            var tb = await ClusterTable.ReadAsync(cr.ClusterTablePath, CancellationToken.None);
            result.Add("single_process_removed", removed.Count).Add("single_process_cpu_s", streamCpu)
                .Add("equal_removals", sameRemovals ? "yes" : "NO").Add("equal_cluster_table", ta.SequenceEqual(tb) ? "yes" : "NO");
        }
        return result;
    }

    private static async Task MemoryAsync(BenchResult result, int count, Func<long, Document> gen)
    {
        GC.Collect();
        var measure = Measurement.Start(resetPeakRss: true);
        double baseline = Machine.PeakRssMb();
        using var tmp = new TempFolder();
        var options = new MinHashOptions(); // defaults: what users run
        var resolved = options.Resolve();
        var step = new MinHashStep(options);
        var ctx = StepContext.ForTool("minhash", tmp.Path);
        await step.OpenAsync(ctx, CancellationToken.None);
        const int batch = 4096;
        var docs = new Document[batch];
        var outcomes = new Outcome[batch];
        long dropped = 0;
        for (int i = 0; i < count; i += batch)
        {
            int m = Math.Min(batch, count - i);
            Parallel.For(0, m, j => docs[j] = gen(i + j));
            await step.ProcessBatchAsync(docs.AsMemory(0, m), outcomes.AsMemory(0, m), ctx, CancellationToken.None);
            for (int j = 0; j < m; j++) if (outcomes[j].Action == OutcomeAction.Dropped) dropped++;
        }
        var arts = await step.CompleteAsync(ctx, CancellationToken.None);
        var t = measure.Stop();
        result.Add("memory_documents", count)
            .Add("memory_config", $"defaults: {resolved.Bands}x{resolved.Rows}, verify {(resolved.VerifyExact ? "exact" : "estimate")}")
            .Add("memory_dropped", dropped)
            .Add("memory_", t)
            .Add("memory_index_bytes", double.Parse(arts[0].Get("index_bytes")!, CultureInfo.InvariantCulture))
            .Add("memory_index_bytes_per_indexed_document", double.Parse(arts[0].Get("index_bytes_per_document")!, CultureInfo.InvariantCulture))
            .Add("memory_baseline_rss_mb", baseline)
            .Add("memory_managed_heap_mb", GC.GetTotalMemory(false) / 1e6);
    }

    private static JsonObject? RunPeer(IReadOnlyList<Document> docs)
    {
        var script = Path.Combine(RepoRoot(), "bench", "peers", "minhash_numpy.py");
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        using var tmp = new TempFolder();
        var input = Path.Combine(tmp.Path, "docs.jsonl");
        using (var w = new StreamWriter(input, false, new UTF8Encoding(false)))
            foreach (var d in docs) w.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = d.Id, ["text"] = d.Text }));
        var psi = new ProcessStartInfo(python, [script, "--input", input]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        psi.Environment["OMP_NUM_THREADS"] = "1";
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEnd();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                Console.Error.WriteLine($"numpy peer failed: {stderr}");
                return null;
            }
            return JsonNode.Parse(stdout.Trim().Split('\n')[^1])!.AsObject();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static async Task<BenchResult> QualityAsync(string[] args)
    {
        int n = Arg(args, "--docs", 100000);
        var result = new BenchResult("minhash-quality");
        var gen = Generator(args, 2024, out var genName);
        var docs = new Document[n];
        Parallel.For(0, n, i => docs[i] = gen(i));
        result.Add("documents", n).Add("generator", genName)
            .Add("near_duplicates", docs.Count(d => d.Meta.GetString("synthetic_kind") == "near_duplicate"));
        foreach (var (name, options) in new[]
        {
            ("default", new MinHashOptions()), // exact verification on 18-bit fingerprints, 18 × 6 (threshold 0.8)
            ("estimate_14x8", new MinHashOptions { Threshold = 0.8, Bands = 14, Rows = 8, Verify = "estimate" }),
            ("estimate_18x6", new MinHashOptions { Verify = "estimate" }), // default bands, signature estimate
        })
        {
            using var tmp = new TempFolder();
            var step = new MinHashStep(options);
            var ctx = StepContext.ForTool("minhash", tmp.Path);
            await step.OpenAsync(ctx, CancellationToken.None);
            var outcomes = new Outcome[n];
            var measure = Measurement.Start();
            for (int i = 0; i < n; i += 1024)
            {
                int m = Math.Min(1024, n - i);
                await step.ProcessBatchAsync(docs.AsMemory(i, m), outcomes.AsMemory(i, m), ctx, CancellationToken.None);
            }
            await step.CompleteAsync(ctx, CancellationToken.None);
            double wall = measure.Stop().WallSeconds;
            var removals = DuplicateQuality.Removals(outcomes);
            var removed = removals.ToDictionary(r => r.Key, r => r.Value.Match, StringComparer.Ordinal);
            var predictedHist = new long[20];
            foreach (var o in outcomes.Where(o => o.Action == OutcomeAction.Dropped))
                predictedHist[Math.Min(19, (int)(o.Document.Meta.GetDouble("duplicate_similarity")!.Value * 20))]++;
            var q = DuplicateQuality.Evaluate(docs, removals, 0.8);
            Console.Error.WriteLine($"{name}: {q}");
            result.Add($"{name}_precision", q.Precision).Add($"{name}_recall", q.Recall).Add($"{name}_f1", q.F1)
                .Add($"{name}_cluster_pair_precision", q.ClusterPairPrecision).Add($"{name}_cluster_pair_f1", q.ClusterPairF1).Add($"{name}_document_recall", q.DocumentRecall)
                .Add($"{name}_largest_cluster", q.LargestCluster).Add($"{name}_largest_cluster_min_similarity", q.LargestClusterMinSimilarity)
                .Add($"{name}_min_cluster_pair_similarity", q.MinClusterPairSimilarity).Add($"{name}_cross_cluster_pairs", q.CrossSourcePairs)
                .Add($"{name}_removed", q.Removed).Add($"{name}_truth_pairs", q.TruthPairs).Add($"{name}_wall_s", wall)
                .Add($"{name}_removed_similarity_histogram", new JsonArray(predictedHist.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));
            if (name == "default") FalseRemovals(result, docs, removed);
            if (name == "default")
                result.Add("default_config", $"{step.Settings.Bands}x{step.Settings.Rows}, verify {(step.Settings.VerifyExact ? "exact" : "estimate")}")
                    .Add("same_cluster_exact_jaccard_histogram", new JsonArray(q.ExactSimilarityHistogram.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));
        }
        result.Add("histogram_bins", "20 bins of 0.05 from 0 to 1");
        return result;
    }

    /// <summary>Why removals of the default config were wrong: another synthetic cluster, or exact Jaccard below 0.8.</summary>
    private static void FalseRemovals(BenchResult result, Document[] docs, Dictionary<string, string> removed)
    {
        var byId = docs.ToDictionary(d => d.Id, StringComparer.Ordinal);
        ulong[] w = new ulong[512], s = new ulong[512];
        uint[] Set(Document d)
        {
            int n = Shingler.Shingles(d.Text, 5, ref w, ref s); // may grow s: take the span after
            return Shingler.ShingleSet(s.AsSpan(0, n));
        }
        long cross = 0, below = 0;
        double minBelow = 1;
        foreach (var (member, kept) in removed)
        {
            Document m = byId[member], k = byId[kept];
            if (m.Meta.GetString("synthetic_cluster") != k.Meta.GetString("synthetic_cluster")) { cross++; continue; }
            double j = Shingler.Jaccard(Set(m), Set(k));
            if (j < 0.8) { below++; minBelow = Math.Min(minBelow, j); }
        }
        result.Add("default_false_removals_other_cluster", cross).Add("default_false_removals_exact_below_threshold", below)
            .Add("default_false_removals_min_exact_jaccard", minBelow);
    }

    private static async Task<BenchResult> DevSetAsync(string[] args)
    {
        int pi = Array.IndexOf(args, "--pages");
        string pages = pi >= 0 && pi + 1 < args.Length ? args[pi + 1] : Path.Combine(RepoRoot(), "..", "shared", "data", "extraction-dev", "pages");
        var result = new BenchResult("minhash-devset");
        var readability = NearDupDevSet.ReadabilityTexts(Path.Combine(RepoRoot(), "bench", "peers", "readability_texts.py"), pages, out var why);
        result.Add("readability", readability is null ? "left out: " + why : "readability-lxml");
        foreach (var (set, distinct) in new[] { ("all", false), ("distinct", true) })
        {
            var docs = NearDupDevSet.Build(pages, Pipeline.Ingest.Html.ExtractionEval.ExtractText, Pipeline.Ingest.Html.ExtractionEval.AllText, readability, distinct);
            result.Add($"{set}_documents", docs.Count);
            foreach (var (name, options) in new[]
            {
                ("default", new MinHashOptions()),
                ("floor_0.6", new MinHashOptions { ClusterFloor = 0.6 }), // FLOORS
                ("floor_0.8", new MinHashOptions { ClusterFloor = 0.8 }), // FLOORS
            })
            {
                var (q, samePage) = await DedupEvaluation.DevSetAsync(docs, options, CancellationToken.None);
                Console.Error.WriteLine($"{set} {name}: {docs.Count} documents: {q}");
                Console.Error.WriteLine($"{set} {name} same-page truth: {samePage}");
                string k = $"{set}_{name}";
                result.Add($"{k}_same_page_precision", samePage.Precision).Add($"{k}_same_page_recall", samePage.Recall).Add($"{k}_same_page_f1", samePage.F1)
                    .Add($"{k}_same_page_pairs", samePage.TruthPairs).Add($"{k}_same_page_pairs_below_threshold", DedupEvaluation.PairsBelow(samePage, 0.8));
                result.Add($"{k}_precision", q.Precision).Add($"{k}_recall", q.Recall).Add($"{k}_f1", q.F1)
                    .Add($"{k}_cluster_pair_precision", q.ClusterPairPrecision).Add($"{k}_cluster_pair_f1", q.ClusterPairF1)
                    .Add($"{k}_cross_page_pairs", q.CrossSourcePairs).Add($"{k}_truth_pairs", q.TruthPairs).Add($"{k}_removed", q.Removed)
                    .Add($"{k}_largest_cluster", q.LargestCluster).Add($"{k}_largest_cluster_min_similarity", q.LargestClusterMinSimilarity)
                    .Add($"{k}_min_cluster_pair_similarity", q.MinClusterPairSimilarity);
            }
        }
        return result;
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) d = d.Parent;
        return d?.FullName ?? ".";
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pipeline-bench-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Stateless synthetic corpus (document i is a function of (seed, i)): originals of 150–600 words, 5% exact and
    /// 30% near duplicates (1–3% word substitutions/insertions/deletions) of a random earlier document's original.
    /// Metadata as the shared synthetic format (synthetic_kind, synthetic_cluster, near_dup_edit_rate).
    /// </summary>
    private sealed class Corpus(long seed)
    {
        private static readonly string[] Vocabulary = BuildVocabulary(30000);

        private static string[] BuildVocabulary(int n)
        {
            var rng = new Random(12345);
            var words = new HashSet<string>(StringComparer.Ordinal);
            const string letters = "abcdefghijklmnopqrstuvwxyz";
            while (words.Count < n)
            {
                int len = 2 + rng.Next(9);
                var sb = new StringBuilder(len);
                for (int i = 0; i < len; i++) sb.Append(letters[rng.Next(letters.Length)]);
                words.Add(sb.ToString());
            }
            return [.. words];
        }

        private Random Rng(long i, int stream)
        {
            ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)i * 0xBF58476D1CE4E5B9UL ^ (ulong)stream * 0x94D049BB133111EBUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return new Random((int)(z ^ (z >> 31)));
        }

        private (int Kind, long Root) Plan(long i)
        {
            var r = Rng(i, 0);
            double u = r.NextDouble();
            if (i == 0 || u >= 0.35) return (0, i);
            long j = r.NextInt64(i);
            var root = Plan(j).Root;
            return (u < 0.30 ? 2 : 1, root);
        }

        private List<string> Original(long root)
        {
            var r = Rng(root, 1);
            int n = 150 + r.Next(451);
            var words = new List<string>(n);
            for (int w = 0; w < n; w++) words.Add(Word(r));
            return words;
        }

        private static string Word(Random r)
        {
            double u = r.NextDouble();
            return r.Next(40) == 0 ? r.Next(1000).ToString(CultureInfo.InvariantCulture) : Vocabulary[(int)(u * u * Vocabulary.Length)];
        }

        public Document Generate(long i)
        {
            var (kind, root) = Plan(i);
            var words = Original(root);
            var meta = Meta.Empty.Set("synthetic_cluster", "c" + root.ToString(CultureInfo.InvariantCulture));
            if (kind == 2)
            {
                var r = Rng(i, 2);
                double rate = 0.01 + r.NextDouble() * 0.02;
                int edits = Math.Max(1, (int)Math.Round(rate * words.Count));
                for (int e = 0; e < edits; e++)
                {
                    int at = r.Next(words.Count);
                    switch (r.Next(3))
                    {
                        case 0: words[at] = Word(r); break;
                        case 1: words.Insert(at, Word(r)); break;
                        default: if (words.Count > 1) words.RemoveAt(at); break;
                    }
                }
                meta = meta.Set("synthetic_kind", "near_duplicate").Set("near_dup_edit_rate", rate);
            }
            else meta = meta.Set("synthetic_kind", kind == 1 ? "exact_duplicate" : "original");
            var sb = new StringBuilder(words.Count * 7);
            for (int w = 0; w < words.Count; w++)
            {
                if (w > 0) sb.Append(w % 13 == 0 ? ". " : " ");
                sb.Append(words[w]);
            }
            sb.Append('.');
            return new Document(DocumentId.For("bench-corpus", i), sb.ToString(), SourceRef.Synthetic("bench-corpus", i), meta);
        }
    }
}
