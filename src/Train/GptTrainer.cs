using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Train;

/// <summary>Trains a <see cref="GptModel"/> on a shard set: AdamW, warm-up + cosine LR, clipping, accumulation, eval, checkpoints, resume.</summary>
public static class GptTrainer
{
    internal static readonly JsonSerializerOptions StateJson = new() { WriteIndented = true };

    /// <summary>Runs training; resumes from the latest checkpoint under <paramref name="outputFolder"/> when <see cref="TrainOptions.Resume"/> is on.</summary>
    public static TrainResult Run(TrainOptions options, string shardSet, string outputFolder, ILedger? ledger = null, IRunLog? log = null,
        CancellationToken cancellationToken = default) => Run(options, shardSet, outputFolder, ledger, log, null, cancellationToken);

    /// <summary>As <see cref="Run(TrainOptions, string, string, ILedger?, IRunLog?, CancellationToken)"/>, stopping after step <paramref name="stopAfter"/> (tests of resume).</summary>
    internal static TrainResult Run(TrainOptions options, string shardSet, string outputFolder, ILedger? ledger, IRunLog? log, int? stopAfter,
        CancellationToken cancellationToken) => Run(options, shardSet, outputFolder, ledger, log, stopAfter, null, cancellationToken);

    /// <summary>As the overload above, calling <paramref name="onStep"/> after every optimiser step (progress views).</summary>
    internal static TrainResult Run(TrainOptions options, string shardSet, string outputFolder, ILedger? ledger, IRunLog? log, int? stopAfter,
        Action<TrainProgress>? onStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ledger ??= NullLedger.Instance;
        log ??= NullRunLog.Instance;
        TorchSetup.SetThreads(options.Threads);
        var device = TorchSetup.Resolve(options.Device);
        using var data = TrainData.Open(shardSet);
        Directory.CreateDirectory(outputFolder);
        var checkpoints = Path.Combine(outputFolder, "checkpoints");
        var metricsPath = Path.Combine(outputFolder, "metrics.jsonl");

        var resumeFrom = options.Resume ? LatestCheckpoint(checkpoints) : null;
        TrainState? resumed = resumeFrom is null ? null : LoadState(resumeFrom);
        var config = resumed?.Config ?? options.ModelConfig(options.Vocab > 0 ? options.Vocab : data.InferVocab());
        if (resumed is not null && resumed.Config != options.ModelConfig(resumed.Config.Vocab))
            throw new TrainConfigurationException(
                $"{resumeFrom}: the checkpoint's model {resumed.Config} differs from the requested {options.ModelConfig(resumed.Config.Vocab)}; " +
                "train with the checkpoint's options to resume it, write to another output folder, or start afresh " +
                "(--no-resume on the command line, \"resume\": false on a train.gpt step)");

        manual_seed(options.Seed);
        using var model = new GptModel(config);
        model.to(device);
        if (device.type == DeviceType.CUDA) model.ComputeType = ScalarType.BFloat16;

        var decay = new List<Parameter>();
        var noDecay = new List<Parameter>();
        foreach (var (_, p) in model.named_parameters()) (p.dim() >= 2 ? decay : noDecay).Add(p);
        var groups = new[]
        {
            new AdamW.ParamGroup(decay, options.LearningRate, options.Beta1, options.Beta2, 1e-8, options.WeightDecay, false, false),
            new AdamW.ParamGroup(noDecay, options.LearningRate, options.Beta1, options.Beta2, 1e-8, 0.0, false, false),
        };
        using var optimizer = optim.AdamW(groups, options.LearningRate, options.Beta1, options.Beta2, 1e-8, options.WeightDecay, false, false);

        int window = config.Context + 1;
        var sampler = new WindowSampler(data.Train, window, (ulong)options.Seed ^ 0x5DEECE66DUL);
        int start = 0;
        long tokensSeen = 0;
        if (resumed is not null && resumeFrom is not null)
        {
            model.load(Path.Combine(resumeFrom, "model.bin"));
            optimizer.load_state_dict(Path.Combine(resumeFrom, "optimizer.bin"));
            sampler = new WindowSampler(data.Train, window, resumed.SamplerState) { Drawn = resumed.WindowsDrawn };
            if (resumed.TorchRngState is { } rng)
            {
                using var state = tensor(Convert.FromBase64String(rng), ScalarType.Byte);
                set_rng_state(state);
            }
            start = (int)resumed.Step;
            tokensSeen = resumed.TokensSeen;
            log.Info($"resuming from {resumeFrom} at step {start}");
            TruncateMetrics(metricsPath, start);
        }
        else if (File.Exists(metricsPath)) File.Delete(metricsPath);

        var parameters = model.parameters().ToList();
        var losses = new List<double>();
        double? lastVal = resumed?.ValLoss;
        string latest = resumeFrom ?? "";
        int rows = options.BatchSize;
        var buffer = new long[rows * window];
        long tokensPerStep = (long)rows * config.Context * options.GradAccum;
        double tpsSum = 0;
        int tpsCount = 0;
        int last = Math.Min(options.Steps, stopAfter ?? int.MaxValue);
        using var metrics = new StreamWriter(metricsPath, append: true, new UTF8Encoding(false));
        model.train();
        for (int step = start + 1; step <= last; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            double lr = LrSchedule.At(step - 1, options.Steps, options.WarmupSteps, options.LearningRate, options.MinLrRatio);
            foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
            optimizer.zero_grad();
            var batchRefs = new List<BatchRow>(rows * options.GradAccum);
            double lossSum = 0;
            for (int micro = 0; micro < options.GradAccum; micro++)
            {
                using var scope = NewDisposeScope();
                batchRefs.AddRange(sampler.Fill(buffer, rows));
                var all = tensor(buffer, [rows, window], ScalarType.Int64).to(device);
                var x = all.narrow(1, 0, config.Context);
                var y = all.narrow(1, 1, config.Context);
                var loss = model.Loss(x, y);
                (options.GradAccum > 1 ? loss / options.GradAccum : loss).backward();
                lossSum += loss.item<float>();
            }
            double gradNorm = nn.utils.clip_grad_norm_(parameters, options.GradClip > 0 ? options.GradClip : double.MaxValue, 2.0);
            optimizer.step();
            double lossMean = lossSum / options.GradAccum;
            clock.Stop();
            tokensSeen += tokensPerStep;
            double tps = tokensPerStep / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            if (step > start + 1) { tpsSum += tps; tpsCount++; }
            losses.Add(lossMean);
            var batchJson = JsonSerializer.Serialize(batchRefs);
            metrics.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"step\":{step},\"loss\":{lossMean:R},\"lr\":{lr:R},\"grad_norm\":{gradNorm:R},\"tokens_per_sec\":{tps:F1},\"batch\":{batchJson}}}"));
            ledger.Write(new TrainMetricRecord(step, lossMean, lr, gradNorm, tps, batchJson));
            if (!double.IsFinite(lossMean)) log.Warn($"step {step}: loss is {lossMean}");
            onStep?.Invoke(new TrainProgress(step, options.Steps, lossMean, tps, lastVal));

            bool final = step == options.Steps;
            if ((options.EvalEvery > 0 && step % options.EvalEvery == 0) || final)
            {
                lastVal = Evaluate(model, data, config, options, device);
                if (lastVal is { } v)
                {
                    metrics.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"step\":{step},\"val_loss\":{v:R}}}"));
                    log.Info(string.Create(CultureInfo.InvariantCulture, $"step {step}/{options.Steps}: loss {lossMean:F4}, val_loss {v:F4}, {tps:F0} tokens/s"));
                }
            }
            metrics.Flush();
            if ((options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0) || final || step == last)
            {
                latest = SaveCheckpoint(checkpoints, step, model, optimizer, new TrainState
                {
                    Config = config,
                    Step = step,
                    TotalSteps = options.Steps,
                    TokensSeen = tokensSeen,
                    Seed = options.Seed,
                    SamplerState = sampler.State,
                    WindowsDrawn = sampler.Drawn,
                    TorchRngState = RngState(),
                    TrainLoss = lossMean,
                    ValLoss = lastVal,
                    ShardSet = data.Folder,
                    Tokenizer = data.TokenizerPath,
                    SavedAt = DateTimeOffset.UtcNow,
                });
                ledger.Write(new CheckpointRecord(latest, step, tokensSeen, lossMean, lastVal, data.Folder, DateTimeOffset.UtcNow));
            }
        }
        return new TrainResult(latest, metricsPath, last, losses, lastVal, tpsCount > 0 ? tpsSum / tpsCount : 0, device.type.ToString().ToLowerInvariant());
    }

    /// <summary>Mean loss over fixed, non-overlapping windows from the start of the validation shards; null without them.</summary>
    internal static double? Evaluate(GptModel model, TrainData data, GptConfig config, TrainOptions options, Device device)
    {
        if (data.Val.Count == 0) return null;
        int window = config.Context + 1;
        var offsets = new List<(TrainShard Shard, long Offset)>();
        int wanted = options.EvalBatches * options.BatchSize;
        foreach (var shard in data.Val)
            for (long at = 0; at + window <= shard.TokenCount && offsets.Count < wanted; at += config.Context) offsets.Add((shard, at));
        if (offsets.Count == 0) return null;
        model.eval();
        try
        {
            using var _ = no_grad();
            double sum = 0;
            long count = 0;
            for (int i = 0; i < offsets.Count; i += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(options.BatchSize, offsets.Count - i);
                var buffer = new long[n * window];
                for (int r = 0; r < n; r++) offsets[i + r].Shard.Reader.Read(offsets[i + r].Offset, buffer.AsSpan(r * window, window));
                var all = tensor(buffer, [n, window], ScalarType.Int64).to(device);
                var loss = model.Loss(all.narrow(1, 0, config.Context), all.narrow(1, 1, config.Context));
                sum += loss.item<float>() * n;
                count += n;
            }
            return sum / count;
        }
        finally
        {
            model.train();
        }
    }

    private static string? RngState()
    {
        using var state = get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    internal static string? LatestCheckpoint(string checkpoints)
    {
        if (!Directory.Exists(checkpoints)) return null;
        return Directory.GetDirectories(checkpoints, "step_*")
            .Where(d => File.Exists(Path.Combine(d, "state.json")))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .LastOrDefault();
    }

    internal static TrainState LoadState(string folder)
    {
        var path = Path.Combine(folder, "state.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder} is not a checkpoint folder (no state.json); pass a folder such as out/train/checkpoints/step_000200");
        var state = JsonSerializer.Deserialize<TrainState>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path}: empty state");
        var dir = Path.GetFullPath(folder);
        return state with { ShardSet = PathUtil.FromPortable(dir, state.ShardSet), Tokenizer = PathUtil.FromPortable(dir, state.Tokenizer) };
    }

    private static string SaveCheckpoint(string checkpoints, int step, GptModel model, OptimizerHelper optimizer, TrainState state)
    {
        var final = Path.Combine(checkpoints, $"step_{step:D6}");
        var temp = final + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, "model.bin"));
        optimizer.save_state_dict(Path.Combine(temp, "optimizer.bin"));
        // paths relative to the checkpoint folder (temp and final are siblings): the run folder can be moved
        var dir = Path.GetFullPath(final);
        var portable = state with { ShardSet = PathUtil.ToPortable(dir, state.ShardSet), Tokenizer = PathUtil.ToPortable(dir, state.Tokenizer) };
        File.WriteAllText(Path.Combine(temp, "state.json"), JsonSerializer.Serialize(portable, StateJson) + "\n");
        if (Directory.Exists(final)) Directory.Delete(final, true);
        Directory.Move(temp, final);
        return Path.GetFullPath(final);
    }

    /// <summary>Keeps metrics lines up to <paramref name="step"/> so a resumed run continues the same file.</summary>
    private static void TruncateMetrics(string path, int step)
    {
        if (!File.Exists(path)) return;
        var kept = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("step", out var s) && s.GetInt64() <= step) kept.Add(line);
        }
        File.WriteAllLines(path, kept);
    }
}
