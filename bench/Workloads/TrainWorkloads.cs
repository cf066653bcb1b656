using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Tokens;
using Pipeline.Train;

namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the train area.</summary>
internal static class TrainWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("train", "GPT training tokens/s on CPU vs the same model in PyTorch; 'train shakespeare [STEPS]' for val loss on tinyshakespeare",
            args => args.Length > 0 && args[0] == "shakespeare" ? ShakespeareAsync(args[1..]) : ThroughputAsync(args)),
    ];

    private static TrainOptions Config(int steps) => new()
    {
        Layers = 4, Heads = 4, Width = 128, Context = 128, BatchSize = 16, Vocab = 4096, Steps = steps,
        WarmupSteps = 0, EvalEvery = 0, EvalBatches = 1, CheckpointEvery = 0, Device = "cpu", Resume = false,
    };

    // train [STEPS=30]: same config, same step (AdamW + clip), random windows of random tokens.
    private static async Task<BenchResult> ThroughputAsync(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        const int warm = 3;
        var dir = Directory.CreateTempSubdirectory("train-bench-");
        try
        {
            var shards = Path.Combine(dir.FullName, "shards");
            Directory.CreateDirectory(shards);
            var rng = new Random(5);
            var tokens = new int[2_000_000];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = rng.Next(4096);
            WriteShard(Path.Combine(shards, "train_000000.bin"), tokens);
            var options = Config(warm + steps);

            var measure = Measurement.Start(resetPeakRss: true);
            var result = GptTrainer.Run(options, shards, Path.Combine(dir.FullName, "out"));
            var trained = measure.Stop();
            double ours = TimedTokensPerSecond(result.MetricsPath, warm);

            var peer = await RunPeerAsync(Path.Combine(shards, "train_000000.bin"), steps, warm).ConfigureAwait(false);
            double theirs = peer["tokens_per_sec"]!.GetValue<double>();
            return new BenchResult("train")
                .Add("config", "layers 4, heads 4, width 128, context 128, batch 16, vocab 4096, AdamW + clip, fp32")
                .Add("steps_timed", steps)
                .Add("threads", TorchSharp.torch.get_num_threads())
                .Add("tokens_per_sec", ours)
                .Add("torch_peer_tokens_per_sec", theirs)
                .Add("ratio_vs_torch", ours / theirs)
                .Add("torchsharp_first_loss", result.Losses[0])
                .Add("train_", trained)
                .Add("peak_rss_mb", trained.PeakRssMb)
                .Add("peer", peer);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    // train shakespeare [STEPS=2000]: byte-level tokens (vocab 256), 90/10 split, validation loss at the end.
    private static Task<BenchResult> ShakespeareAsync(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var text = Path.Combine(RepoRoot(), "..", "shared", "data", "corpora", "tinyshakespeare.txt");
        if (!File.Exists(text)) throw new FileNotFoundException($"{text} not found (shared data)");
        var bytes = File.ReadAllBytes(text);
        var dir = Directory.CreateTempSubdirectory("train-shakespeare-");
        try
        {
            var shards = Path.Combine(dir.FullName, "shards");
            Directory.CreateDirectory(shards);
            int split = bytes.Length * 9 / 10;
            WriteShard(Path.Combine(shards, "train_000000.bin"), bytes[..split].Select(b => (int)b).ToArray());
            WriteShard(Path.Combine(shards, "val_000000.bin"), bytes[split..].Select(b => (int)b).ToArray());
            var options = new TrainOptions
            {
                Layers = 4, Heads = 4, Width = 128, Context = 128, BatchSize = 16, Vocab = 256, Steps = steps,
                LearningRate = 1e-3, WarmupSteps = Math.Min(100, steps / 10), EvalEvery = Math.Max(1, steps / 8), EvalBatches = 50,
                CheckpointEvery = 0, Device = "cpu", Resume = false, Dropout = 0.0,
            };
            var measure = Measurement.Start();
            var result = GptTrainer.Run(options, shards, Path.Combine(dir.FullName, "out"));
            var clock = measure.Stop();
            var curve = new JsonArray();
            foreach (var line in File.ReadLines(result.MetricsPath))
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("val_loss", out var v))
                    curve.Add(new JsonObject { ["step"] = doc.RootElement.GetProperty("step").GetInt32(), ["val_loss"] = Math.Round(v.GetDouble(), 4) });
            }
            return Task.FromResult(new BenchResult("train")
                .Add("run", "tinyshakespeare byte-level (vocab 256, so the loss is in nats per byte), 90/10 split")
                .Add("config", "layers 4, heads 4, width 128, context 128, batch 16, lr 1e-3 warm-up + cosine, AdamW wd 0.1, clip 1.0")
                .Add("steps", steps)
                .Add("val_loss", result.LastValLoss ?? double.NaN)
                .Add("val_bits_per_byte", (result.LastValLoss ?? double.NaN) / Math.Log(2))
                .Add("train_loss_last", result.Losses[^1])
                .Add("tokens_per_sec", result.TokensPerSecond)
                .Add("wall_s", clock.WallSeconds)
                .Add("val_curve", curve));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static double TimedTokensPerSecond(string metrics, int skip)
    {
        double tokens = 0, seconds = 0;
        foreach (var line in File.ReadLines(metrics))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (!r.TryGetProperty("tokens_per_sec", out var tps) || r.GetProperty("step").GetInt32() <= skip) continue;
            double n = r.GetProperty("batch").GetArrayLength() * 128.0;
            tokens += n;
            seconds += n / tps.GetDouble();
        }
        return tokens / seconds;
    }

    private static async Task<JsonObject> RunPeerAsync(string shard, int steps, int warm)
    {
        var script = Path.Combine(RepoRoot(), "bench", "peers", "train_torch.py");
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { script, "--shard", shard, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--warmup", warm.ToString(CultureInfo.InvariantCulture), "--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0) throw new InvalidOperationException($"PyTorch peer failed ({p.ExitCode}): {await stderr.ConfigureAwait(false)} (apt-get install python3-torch)");
        var last = (await stdout.ConfigureAwait(false)).Trim().Split('\n')[^1];
        return JsonNode.Parse(last)!.AsObject();
    }

    private static void WriteShard(string path, int[] tokens)
    {
        using var w = new ShardWriter(path, tokens.Max() < 65536 ? ShardFormat.VersionUInt16 : ShardFormat.VersionUInt32);
        w.Write(tokens);
        w.Commit();
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) d = d.Parent;
        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
