using System.Text.Json.Serialization;

namespace Pipeline.Train;

/// <summary>Shape of a GPT-2-style decoder.</summary>
public sealed record GptConfig
{
    [JsonPropertyName("layers")] public int Layers { get; init; } = 4;
    [JsonPropertyName("heads")] public int Heads { get; init; } = 4;
    [JsonPropertyName("width")] public int Width { get; init; } = 128;
    [JsonPropertyName("context")] public int Context { get; init; } = 128;
    [JsonPropertyName("dropout")] public double Dropout { get; init; }
    [JsonPropertyName("vocab")] public int Vocab { get; init; } = 4096;

    /// <summary>Throws when the shape is inconsistent.</summary>
    public void Validate()
    {
        if (Layers < 1 || Heads < 1 || Width < 1 || Context < 1 || Vocab < 2)
            throw new ArgumentException($"model config needs layers, heads, width, context >= 1 and vocab >= 2, got {this}");
        if (Width % Heads != 0) throw new ArgumentException($"width {Width} must be a multiple of heads {Heads}");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"dropout must be in [0, 1), got {Dropout}");
    }
}
