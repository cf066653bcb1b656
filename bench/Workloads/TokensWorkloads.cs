using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Tokens;

namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the tokens area.</summary>
internal static class TokensWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("tokens", "BPE training time (vocab 4,096 on 10 MB of ../shared/data/corpora) and encode MB/s per core [--mb N] [--vocab N]", RunAsync),
    ];

    private static Task<BenchResult> RunAsync(string[] args)
    {
        double mb = 10;
        int vocab = 4096;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--mb") mb = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else if (args[i] == "--vocab") vocab = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"unknown argument {args[i]}");
        }
        var texts = LoadCorpus((long)(mb * 1_000_000));
        long bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        var result = new BenchResult("tokens");
        result.Add("corpus_mb", bytes / 1e6).Add("documents", texts.Count).Add("vocab_size", vocab);

        // 1. BPE training on the whole text (the sampler is not involved: all of it is the sample).
        var count = Measurement.Start(resetPeakRss: true);
        var words = BpeTrainer.CountWords(texts, CancellationToken.None);
        var counted = count.Stop();
        double countSeconds = counted.WallSeconds, countCpu = counted.CpuSeconds;
        words.Clear();
        BpeTrainingResult trained = null!;
        var train = Measurement.Time(() => trained = BpeTrainer.Train(texts, vocab), warm: true);
        double trainSeconds = train.WallSeconds, trainCpu = train.CpuSeconds;
        result.Add("bpe_train_seconds", trainSeconds)
              .Add("bpe_train_cpu_seconds", trainCpu)
              .Add("bpe_pretokenize_count_seconds", countSeconds)
              .Add("bpe_pretokenize_count_cpu_seconds", countCpu)
              .Add("bpe_unique_pretokens", trained.UniqueWords)
              .Add("bpe_merges", trained.Merges)
              .Add("bpe_peak_rss_mb", Machine.PeakRssMb());

        var dir = Path.Combine(Path.GetTempPath(), "pipeline-bench-tokens-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "bench.tiktoken");
            TokenizerFile.Save(path, trained.Tokens);
            var ours = TokenizerFile.Load(path);
            var cl100k = TokenizerFile.Load("cl100k_base");

            // 2. Encode, one thread (MB/s per core), for the trained vocabulary and cl100k_base.
            foreach (var (name, tk) in new[] { ("trained", ours), ("cl100k", cl100k) })
            {
                foreach (var t in texts.Take(3)) tk.Encode(t); // warm-up (JIT, caches)
                long tokens = 0;
                var encode = Measurement.Time(() => { foreach (var t in texts) tokens += tk.Encode(t).Length; }, warm: true);
                double s = encode.WallSeconds, c = encode.CpuSeconds;
                result.Add($"encode_{name}_mb_per_s_1core", bytes / 1e6 / s)
                      .Add($"encode_{name}_mb_per_cpu_second", bytes / 1e6 / c)
                      .Add($"encode_{name}_tokens", tokens)
                      .Add($"encode_{name}_bytes_per_token", (double)bytes / tokens);
            }

            // 3. Shard writing with all cores (encode in parallel + write shards, index, manifest).
            var docs = texts.Select((t, i) => new Document(DocumentId.For("bench", i), t, SourceRef.Synthetic("bench", i)).WithMeta("domain", i % 3 == 0 ? "a" : "b")).ToList();
            var shards = Measurement.Time(() =>
            {
                using var b = new ShardSetBuilder(Path.Combine(dir, "shards"), ours, new ShardsOptions { ShardTokens = 1_000_000 });
                foreach (var d in docs) b.Add(d);
                b.Complete();
            });
            double shardSeconds = shards.WallSeconds, shardCpu = shards.CpuSeconds;
            result.Add("shards_mb_per_s_all_cores", bytes / 1e6 / shardSeconds)
                  .Add("shards_mb_per_cpu_second", bytes / 1e6 / shardCpu)
                  .Add("shards_mb_per_s_per_core", bytes / 1e6 / shardSeconds / Environment.ProcessorCount);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
        result.Add("note", "2-core machine shared with ~9 engineers building at once: wall-clock figures are deflated by the load; *_cpu_* figures (process CPU time) are the load-independent ones");
        return Task.FromResult(result);
    }

    /// <summary>sotu.jsonl records, tinyshakespeare and moby-dick (in ~100 KB pieces), repeated until <paramref name="targetBytes"/>.</summary>
    private static List<string> LoadCorpus(long targetBytes)
    {
        var root = FindSharedData();
        var pieces = new List<string>();
        foreach (var l in File.ReadLines(Path.Combine(root, "corpora", "sotu.jsonl")))
        {
            if (l.Length == 0) continue;
            using var d = JsonDocument.Parse(l);
            pieces.Add(d.RootElement.GetProperty("text").GetString()!);
        }
        foreach (var name in new[] { "tinyshakespeare.txt", "moby-dick.txt" })
        {
            var t = File.ReadAllText(Path.Combine(root, "corpora", name));
            for (int i = 0; i < t.Length; i += 100_000) pieces.Add(t.Substring(i, Math.Min(100_000, t.Length - i)));
        }
        var result = new List<string>();
        long total = 0;
        for (int i = 0; total < targetBytes; i++)
        {
            var p = pieces[i % pieces.Count];
            result.Add(p);
            total += Encoding.UTF8.GetByteCount(p);
        }
        return result;
    }

    private static string FindSharedData()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) d = d.Parent;
        var root = Path.GetFullPath(Path.Combine(d?.FullName ?? ".", "..", "shared", "data"));
        return Directory.Exists(Path.Combine(root, "corpora")) ? root : throw new DirectoryNotFoundException($"{root}/corpora not found; the tokens bench needs ../shared/data/corpora");
    }
}
