using System.CommandLine;
using System.Globalization;
using System.Text;
using Pipeline.Tokens;
using Pipeline.Train;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Train.</summary>
internal static class TrainCommands
{
    public static IEnumerable<Command> All() => [Train(), Generate()];

    private static CliCommand Train()
    {
        var d = new TrainOptions();
        var shards = new Option<string>("--shards") { Description = "The shard set to train on (the output folder of tokens.shards)", HelpName = "DIR", Required = true };
        var output = CliOptions.Value("--output", "DIR", "Writes metrics.jsonl and checkpoints/step_NNNNNN/ here", Path.Combine("out", "train"));
        var layers = CliOptions.Value("--layers", "L", "Transformer blocks", d.Layers);
        var heads = CliOptions.Value("--heads", "H", "Attention heads per block (width must be a multiple)", d.Heads);
        var width = CliOptions.Value("--width", "W", "Embedding width", d.Width);
        var context = CliOptions.Value("--context", "T", "Context length in tokens", d.Context);
        var dropout = CliOptions.Value("--dropout", "P", "Dropout probability", d.Dropout);
        var vocab = CliOptions.Value("--vocab", "V", "Vocabulary size; 0 = from the shard manifest", d.Vocab);
        var batchSize = CliOptions.Value("--batch-size", "B", "Sequences per micro-batch", d.BatchSize);
        var gradAccum = CliOptions.Value("--grad-accum", "A", "Micro-batches accumulated per optimizer step", d.GradAccum);
        var steps = CliOptions.Value("--steps", "N", "Optimizer steps", d.Steps);
        var learningRate = CliOptions.Value("--learning-rate", "LR", "Peak learning rate", d.LearningRate);
        var minLrRatio = CliOptions.Value("--min-lr-ratio", "R", "Final learning rate as a fraction of the peak (cosine decay)", d.MinLrRatio);
        var warmup = CliOptions.Value("--warmup-steps", "N", "Linear warm-up steps", d.WarmupSteps);
        var weightDecay = CliOptions.Value("--weight-decay", "WD", "AdamW weight decay", d.WeightDecay);
        var gradClip = CliOptions.Value("--grad-clip", "C", "Clip the global gradient norm (0 = no clipping)", d.GradClip);
        var evalEvery = CliOptions.Value("--eval-every", "N", "Evaluate every N steps (0 = only at the end)", d.EvalEvery);
        var evalBatches = CliOptions.Value("--eval-batches", "N", "Batches per evaluation", d.EvalBatches);
        var checkpointEvery = CliOptions.Value("--checkpoint-every", "N", "Save a checkpoint every N steps (0 = only at the end)", d.CheckpointEvery);
        var seed = CliOptions.Value("--seed", "S", "Seed of weights, dropout and batch sampling", d.Seed);
        var device = CliOptions.Value("--device", "auto|cpu|cuda", "Where to train", d.Device);
        var threads = CliOptions.Value("--threads", "N", "CPU threads for torch (0 = all cores)", d.Threads);
        var noResume = CliOptions.Flag("--no-resume", "Start afresh instead of resuming from the latest checkpoint in --output");
        var quiet = CliOptions.Flag("--quiet", "No progress lines");
        var command = new CliCommand("train", "Pretrain a GPT on a shard set (resumes from the latest checkpoint in --output)")
        {
            shards, output, layers, heads, width, context, dropout, vocab, batchSize, gradAccum, steps, learningRate, minLrRatio, warmup,
            weightDecay, gradClip, evalEvery, evalBatches, checkpointEvery, seed, device, threads, noResume, quiet,
        };
        return command.Handle((r, ctx) => TrainAsync(new TrainOptions
        {
            Layers = r.GetValue(layers),
            Heads = r.GetValue(heads),
            Width = r.GetValue(width),
            Context = r.GetValue(context),
            Dropout = r.GetValue(dropout),
            Vocab = r.GetValue(vocab),
            BatchSize = r.GetValue(batchSize),
            GradAccum = r.GetValue(gradAccum),
            Steps = r.GetValue(steps),
            LearningRate = r.GetValue(learningRate),
            MinLrRatio = r.GetValue(minLrRatio),
            WarmupSteps = r.GetValue(warmup),
            WeightDecay = r.GetValue(weightDecay),
            GradClip = r.GetValue(gradClip),
            EvalEvery = r.GetValue(evalEvery),
            EvalBatches = r.GetValue(evalBatches),
            CheckpointEvery = r.GetValue(checkpointEvery),
            Seed = r.GetValue(seed),
            Device = r.GetValue(device)!,
            Threads = r.GetValue(threads),
            Resume = !r.GetValue(noResume),
        }, r.GetValue(shards)!, r.GetValue(output)!, r.GetValue(quiet), ctx));
    }

    private static CliCommand Generate()
    {
        var folder = CliOptions.Positional("CHECKPOINT", "A checkpoint folder such as out/train/checkpoints/step_000200");
        var prompt = new Option<string>("--prompt") { Description = "The text to continue", HelpName = "TEXT", Required = true };
        var tokens = CliOptions.Value("--tokens", "N", "Tokens to sample", 100);
        var temperature = CliOptions.Value("--temperature", "T", "Sampling temperature (0 = greedy)", 0.8);
        var topK = CliOptions.Value("--top-k", "K", "Sample among the K likeliest tokens", 40);
        var seed = CliOptions.Value("--seed", "S", "Sampling seed", 1);
        var device = CliOptions.Value("--device", "auto|cpu|cuda", "Where to run", "auto");
        return new CliCommand("generate", "Sample text from a checkpoint. Models trained on byte-level shards (no tokenizer in the shard manifest) read and write UTF-8 bytes")
        {
            folder, prompt, tokens, temperature, topK, seed, device,
        }.Handle((r, ctx) => Generate(r.GetValue(folder)!, r.GetValue(prompt)!, r.GetValue(tokens), r.GetValue(temperature), r.GetValue(topK), r.GetValue(seed), r.GetValue(device)!, ctx));
    }

    private static async Task<int> TrainAsync(TrainOptions options, string shards, string output, bool quiet, CommandContext ctx)
    {
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

    private static int Generate(string folder, string prompt, int count, double temperature, int topK, int seed, string device, CommandContext ctx)
    {
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
            return 0;
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
        return 0;
    }
}
