using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary>Registers the steps of Pipeline.Tokens.</summary>
public static class TokensModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddSink<TrainBpeOptions>("tokens.train_bpe",
            "Train a byte-level BPE tokenizer (GPT-4 pre-tokenisation) on a bounded sample of the stream; writes a tiktoken rank file",
            o => new TrainBpeSink(o));
        registry.AddSink<ShardsOptions>("tokens.shards",
            "Encode documents into llm.c token shards (train/val split, per-domain validation, mixture weights) with manifest.json and index.jsonl",
            o => new ShardsSink(o));
    }
}
