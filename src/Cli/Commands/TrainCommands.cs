using System.Globalization;
using System.Text;
using Pipeline.Tokens;
using Pipeline.Train;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Train.</summary>
internal static class TrainCommands
{
    public static IEnumerable<CliCommand> All() =>
    [
        new("train", "Pretrain a GPT on a shard set (resumes from the latest checkpoint in --output)",
            "train --shards DIR [--output DIR (default out/train)] [--steps N] [--layers L] [--heads H] [--width W] [--context T]\n" +
            "      [--dropout P] [--vocab V] [--batch-size B] [--grad-accum A] [--learning-rate LR] [--warmup-steps N]\n" +
            "      [--weight-decay WD] [--grad-clip C] [--eval-every N] [--eval-batches N] [--checkpoint-every N] [--seed S]\n" +
            "      [--device auto|cpu|cuda] [--threads N] [--no-resume] [--quiet]\n" +
            "  Writes metrics.jsonl and checkpoints/step_NNNNNN/ under --output.",
            new HashSet<string> { "no-resume", "quiet" }, TrainAsync),
        new("generate", "Sample text from a checkpoint",
            "generate CHECKPOINT --prompt TEXT [--tokens N (default 100)] [--temperature T (0.8; 0 = greedy)] [--top-k K (40)] [--seed S] [--device auto|cpu|cuda]\n" +
            "  CHECKPOINT is a folder such as out/train/checkpoints/step_000200. Models trained on byte-level shards\n" +
            "  (no tokenizer in the shard manifest) read and write UTF-8 bytes.",
            new HashSet<string>(), GenerateAsync),
    ];

    private static async Task<int> TrainAsync(CliArgs args, CommandContext ctx)
    {
        var d = new TrainOptions();
        var options = new TrainOptions
        {
            Layers = args.GetInt("layers", d.Layers),
            Heads = args.GetInt("heads", d.Heads),
            Width = args.GetInt("width", d.Width),
            Context = args.GetInt("context", d.Context),
            Dropout = args.GetDouble("dropout", d.Dropout),
            Vocab = args.GetInt("vocab", d.Vocab),
            BatchSize = args.GetInt("batch-size", d.BatchSize),
            GradAccum = args.GetInt("grad-accum", d.GradAccum),
            Steps = args.GetInt("steps", d.Steps),
            LearningRate = args.GetDouble("learning-rate", d.LearningRate),
            MinLrRatio = args.GetDouble("min-lr-ratio", d.MinLrRatio),
            WarmupSteps = args.GetInt("warmup-steps", d.WarmupSteps),
            WeightDecay = args.GetDouble("weight-decay", d.WeightDecay),
            GradClip = args.GetDouble("grad-clip", d.GradClip),
            EvalEvery = args.GetInt("eval-every", d.EvalEvery),
            EvalBatches = args.GetInt("eval-batches", d.EvalBatches),
            CheckpointEvery = args.GetInt("checkpoint-every", d.CheckpointEvery),
            Seed = args.GetInt("seed", (int)d.Seed),
            Device = args.Get("device") ?? d.Device,
            Threads = args.GetInt("threads", d.Threads),
            Resume = !args.Has("no-resume"),
        };
        var shards = args.Require("shards");
        var output = args.Get("output") ?? Path.Combine("out", "train");
        bool quiet = args.Has("quiet");
        args.RejectUnknown();
        if (options.Device is not ("auto" or "cpu" or "cuda")) throw new UsageException($"--device must be auto, cpu or cuda, got '{options.Device}'");
        foreach (var (key, message) in options.Validate()) throw new UsageException($"--{key.Replace('_', '-')}: {message}");
        if (options.Layers < 1 || options.Heads < 1 || options.Width < 1 || options.Context < 2 || options.BatchSize < 1 || options.Steps < 1 || options.GradAccum < 1)
            throw new UsageException("--layers, --heads, --width, --batch-size, --steps and --grad-accum must be at least 1, --context at least 2");
        if (!Directory.Exists(shards)) throw new UsageException($"--shards {shards}: no such folder; pass the output folder of tokens.shards");
        var log = new ConsoleRunLog(ctx.Error, quiet);
        var result = await Task.Run(() => GptTrainer.Run(options, shards, Path.GetFullPath(output), null, log, ctx.CancellationToken), ctx.CancellationToken).ConfigureAwait(false);
        var val = result.LastValLoss is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained to step {result.Step} on {result.Device}: last loss {(result.Losses.Count > 0 ? result.Losses[^1] : double.NaN):F4}, val loss {val}, {result.TokensPerSecond:F0} tokens/s"));
        ctx.Out.WriteLine($"checkpoint: {result.LatestCheckpoint}");
        ctx.Out.WriteLine($"metrics:    {result.MetricsPath}");
        return 0;
    }

    private static Task<int> GenerateAsync(CliArgs args, CommandContext ctx)
    {
        var folder = args.Positional(0, "CHECKPOINT");
        var prompt = args.Require("prompt");
        int count = args.GetInt("tokens", 100);
        double temperature = args.GetDouble("temperature", 0.8);
        int topK = args.GetInt("top-k", 40);
        int seed = args.GetInt("seed", 1);
        var device = args.Get("device") ?? "auto";
        args.RejectUnknown();
        if (!File.Exists(Path.Combine(folder, "state.json")))
            throw new UsageException($"{folder}: not a checkpoint folder (no state.json); pass e.g. out/train/checkpoints/step_000200");
        if (count < 1) throw new UsageException($"--tokens must be at least 1, got {count}");
        using var ckpt = GptCheckpoint.Load(folder, device);
        if (ckpt.TokenizerPath is { } tokPath)
        {
            TokenizerFile tokenizer;
            try { tokenizer = TokenizerFile.Load(tokPath); }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
            {
                throw new UsageException($"{folder}: cannot load the tokenizer it was trained with ({tokPath}): {e.Message}");
            }
            var encoded = tokenizer.Encode(prompt);
            if (encoded.Length == 0) throw new UsageException("--prompt must not be empty");
            var sampled = ckpt.Generate(encoded, count, temperature, topK, seed);
            ctx.Out.WriteLine(prompt + tokenizer.Decode(sampled));
            return Task.FromResult(0);
        }
        if (ckpt.Config.Vocab < 256) throw new UsageException($"{folder}: vocabulary {ckpt.Config.Vocab} is smaller than 256 and there is no tokenizer, so text cannot be encoded");
        var promptIds = Encoding.UTF8.GetBytes(prompt).Select(b => (int)b).ToArray();
        if (promptIds.Length == 0) throw new UsageException("--prompt must not be empty");
        var ids = ckpt.Generate(promptIds, count, temperature, topK, seed);
        var bytes = new List<byte>(ids.Length);
        var sb = new StringBuilder(prompt);
        foreach (var id in ids)
        {
            if (id < 256) { bytes.Add((byte)id); continue; }
            sb.Append(Encoding.UTF8.GetString(bytes.ToArray())).Append(CultureInfo.InvariantCulture, $"<|{id}|>");
            bytes.Clear();
        }
        sb.Append(Encoding.UTF8.GetString(bytes.ToArray()));
        ctx.Out.WriteLine(sb.ToString());
        return Task.FromResult(0);
    }
}
