using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Train;

/// <summary>Options of <c>train.gpt</c> (and of <c>pipeline train</c>).</summary>
public sealed class TrainOptions : IValidatableOptions
{
    [Description("Transformer blocks"), Range(1, 256)] public int Layers { get; init; } = 4;
    [Description("Attention heads per block (width must be a multiple)"), Range(1, 256)] public int Heads { get; init; } = 4;
    [Description("Embedding width"), Range(8, 65536)] public int Width { get; init; } = 128;
    [Description("Context length in tokens"), Range(2, 65536)] public int Context { get; init; } = 128;
    [Description("Dropout probability"), Range(0.0, 0.9)] public double Dropout { get; init; }
    [Description("Vocabulary size; 0 = from the shard manifest, else the largest token id + 1 rounded up to 64"), Range(0, 10_000_000)] public int Vocab { get; init; }
    [Description("Sequences per micro-batch"), Range(1, 65536)] public int BatchSize { get; init; } = 16;
    [Description("Micro-batches accumulated per optimizer step"), Range(1, 4096)] public int GradAccum { get; init; } = 1;
    [Description("Optimizer steps (the learning-rate schedule spans them)"), Range(1, 100_000_000)] public int Steps { get; init; } = 200;
    [Description("Peak learning rate"), Range(0.0, 10.0)] public double LearningRate { get; init; } = 6e-4;
    [Description("Final learning rate as a fraction of the peak (cosine decay)"), Range(0.0, 1.0)] public double MinLrRatio { get; init; } = 0.1;
    [Description("Linear warm-up steps"), Range(0, 100_000_000)] public int WarmupSteps { get; init; } = 20;
    [Description("AdamW weight decay (applied to 2-D weight matrices only)"), Range(0.0, 10.0)] public double WeightDecay { get; init; } = 0.1;
    [Description("AdamW beta1"), Range(0.0, 1.0)] public double Beta1 { get; init; } = 0.9;
    [Description("AdamW beta2"), Range(0.0, 1.0)] public double Beta2 { get; init; } = 0.95;
    [Description("Clip the global gradient norm to this (0 = no clipping)"), Range(0.0, 1e9)] public double GradClip { get; init; } = 1.0;
    [Description("Evaluate on the validation shards every N steps (0 = only at the end)"), Range(0, 100_000_000)] public int EvalEvery { get; init; } = 100;
    [Description("Batches per evaluation"), Range(1, 100_000)] public int EvalBatches { get; init; } = 10;
    [Description("Save a checkpoint every N steps (0 = only at the end)"), Range(0, 100_000_000)] public int CheckpointEvery { get; init; } = 200;
    [Description("Seed of weights, dropout and batch sampling"), Range(0, long.MaxValue)] public long Seed { get; init; } = 1337;
    [Description("Where to train"), AllowedValues("auto", "cpu", "cuda")] public string Device { get; init; } = "auto";
    [Description("CPU threads for torch (0 = all cores)"), Range(0, 4096)] public int Threads { get; init; }
    [Description("Output folder (metrics.jsonl, checkpoints/)"), OutputPath] public string Output { get; init; } = "train";
    [Description("Resume from the latest checkpoint in the output folder when there is one")] public bool Resume { get; init; } = true;
    [Description("Shard-set folder to train on (written by tokens.shards, or train_*/val_*.bin a tool wrote); default: the shard set of the tokens.shards step in needs"), InputPath(Optional = true)]
    public string? Shards { get; init; }

    internal GptConfig ModelConfig(int vocab) => new()
    {
        Layers = Layers, Heads = Heads, Width = Width, Context = Context, Dropout = Dropout, Vocab = vocab,
    };

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Heads > 0 && Width % Heads != 0) yield return ("width", $"width {Width} must be a multiple of heads {Heads}");
        if (WarmupSteps > Steps) yield return ("warmup_steps", $"warmup_steps {WarmupSteps} exceeds steps {Steps}");
    }
}
