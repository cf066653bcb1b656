using System.Text.Json.Serialization;

namespace Pipeline.Train;

/// <summary>state.json of a checkpoint folder.</summary>
public sealed record TrainState
{
    [JsonPropertyName("format")] public int Format { get; init; } = 1;
    [JsonPropertyName("config")] public required GptConfig Config { get; init; }
    [JsonPropertyName("step")] public long Step { get; init; }
    [JsonPropertyName("total_steps")] public long TotalSteps { get; init; }
    [JsonPropertyName("tokens_seen")] public long TokensSeen { get; init; }
    [JsonPropertyName("seed")] public long Seed { get; init; }
    /// <summary>State of the batch sampler's generator (SplitMix64).</summary>
    [JsonPropertyName("sampler_state")] public ulong SamplerState { get; init; }
    /// <summary>Data position: training windows drawn so far.</summary>
    [JsonPropertyName("windows_drawn")] public long WindowsDrawn { get; init; }
    /// <summary>torch CPU generator state (base64), for dropout.</summary>
    [JsonPropertyName("torch_rng_state")] public string? TorchRngState { get; init; }
    [JsonPropertyName("train_loss")] public double? TrainLoss { get; init; }
    [JsonPropertyName("val_loss")] public double? ValLoss { get; init; }
    [JsonPropertyName("shard_set")] public string? ShardSet { get; init; }
    [JsonPropertyName("tokenizer")] public string? Tokenizer { get; init; }
    [JsonPropertyName("saved_at")] public DateTimeOffset SavedAt { get; init; }
}
