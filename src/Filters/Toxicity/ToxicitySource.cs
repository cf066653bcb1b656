using System.Text.Json.Serialization;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// One source of a toxicity training spec (see <see cref="ToxicityTrainingSpec"/>): a labelled CSV, or (format
/// <c>jsonl</c> with <see cref="AllNegative"/>) a JSON-lines file of text known not to be toxic, optionally cut into
/// sentences and kept only where it names a word-class word, so that neutral mentions of groups are learnt as neutral.
/// </summary>
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

    /// <summary>"csv" (default) or "jsonl" (one JSON object a line; <see cref="TextColumn"/> names the text field).</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = "csv";

    /// <summary>Every row is a negative (no label column); only with format jsonl.</summary>
    [JsonPropertyName("all_negative")] public bool AllNegative { get; init; }

    /// <summary>jsonl: keep objects whose numeric fields are at least these values (e.g. {"year": 1960}).</summary>
    [JsonPropertyName("min_fields")] public Dictionary<string, double> MinFields { get; init; } = [];

    /// <summary>jsonl: cut each text into sentences (after . ! ? and white space; 20+ characters kept), one row each.</summary>
    [JsonPropertyName("sentences")] public bool Sentences { get; init; }

    /// <summary>jsonl: keep only rows naming a word of <see cref="WordClasses"/> (a group, violence, a dehumanising word).</summary>
    [JsonPropertyName("with_word_class")] public bool WithWordClass { get; init; }

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
