using System.Text.Json.Serialization;

namespace Pipeline.Train;

/// <summary>Where one row of a training batch came from: a window of <see cref="Length"/> tokens at <see cref="Offset"/> in <see cref="Shard"/>.</summary>
public sealed record BatchRow(
    [property: JsonPropertyName("shard")] string Shard,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("length")] int Length);
