using Pipeline.Core.Steps;

namespace Pipeline.Train;

/// <summary>Registers the steps of Pipeline.Train.</summary>
public static class TrainModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddArtifact<TrainOptions>("train.gpt",
            "Pretrain a GPT-2-style model on a shard set (AdamW, warm-up + cosine LR, eval, checkpoints, resume)",
            o => new TrainGptStep(o));
    }
}
