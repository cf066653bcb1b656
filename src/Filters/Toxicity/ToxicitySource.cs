using System.Text.Json.Serialization;

namespace Pipeline.Filters.Toxicity;

/// <summary>One labelled CSV of a toxicity training spec (see <see cref="ToxicityTrainingSpec"/>).</summary>
public sealed class ToxicitySource
{
    /// <summary>Name used in reports ("davidson", "ethos").</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>CSV path (relative paths are relative to the spec file's folder).</summary>
    [JsonPropertyName("path")] public string Path { get; init; } = "";

    /// <summary>Field delimiter (one character; default ',').</summary>
    [JsonPropertyName("delimiter")] public string Delimiter { get; init; } = ",";

    [JsonPropertyName("text_column")] public string TextColumn { get; init; } = "";

    [JsonPropertyName("label_column")] public string LabelColumn { get; init; } = "";

    /// <summary>Labels of the positive class.</summary>
    [JsonPropertyName("positive")] public List<string> Positive { get; init; } = [];

    /// <summary>Numeric labels at least this are positive (e.g. 0.5 for a fraction of annotators).</summary>
    [JsonPropertyName("positive_min")] public double? PositiveMin { get; init; }

    /// <summary>Train towards the numeric label itself (clipped to [0, 1]) instead of 0/1; needs <see cref="PositiveMin"/>.</summary>
    [JsonPropertyName("soft_labels")] public bool SoftLabels { get; init; }

    /// <summary>This source's share of the training weight (shares are normalised over sources).</summary>
    [JsonPropertyName("share")] public double Share { get; init; } = 1;

    /// <summary>Give both classes of this source equal weight.</summary>
    [JsonPropertyName("balance")] public bool Balance { get; init; }
}
