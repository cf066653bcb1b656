using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// A reproducible training run of the toxicity classifier, kept as JSON (e.g. models/toxicity/train.json): labelled
/// sources with their weight shares, the word lists used as features, the held-out fraction, the source whose
/// held-out split chooses the threshold, and the optimiser settings.
/// </summary>
public sealed class ToxicityTrainingSpec
{
    [JsonPropertyName("sources")] public List<ToxicitySource> Sources { get; init; } = [];

    /// <summary>Word lists whose hits are features (LDNOOBW lists, or a surge-style CSV whose text column is read); stored in the model as hashes.</summary>
    [JsonPropertyName("lexicons")] public List<string> Lexicons { get; init; } = [];

    /// <summary>Optional severity CSV (surge-profanity format) weighting lexicon terms.</summary>
    [JsonPropertyName("severity")] public string Severity { get; init; } = "";

    /// <summary>Fraction of each source held out (by hash of the text) from training.</summary>
    [JsonPropertyName("held_out")] public double HeldOut { get; init; } = 0.2;

    /// <summary>Name of the source whose held-out split picks the threshold (maximum F1).</summary>
    [JsonPropertyName("threshold_source")] public string ThresholdSource { get; init; } = "";

    [JsonPropertyName("bits")] public int Bits { get; init; } = 18;

    [JsonPropertyName("epochs")] public int Epochs { get; init; } = 6;

    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; } = 0.5;

    [JsonPropertyName("l2")] public double L2 { get; init; } = 1e-6;

    [JsonPropertyName("seed")] public int Seed { get; init; } = 17;

    /// <summary>Scale each feature by its naive-Bayes log-count ratio before the logistic regression (NB-LR).</summary>
    [JsonPropertyName("naive_bayes")] public bool NaiveBayes { get; init; }

    /// <summary>
    /// 0: the threshold is chosen on the held-out split of <see cref="ThresholdSource"/> (the split its figures are
    /// reported on). k ≥ 2: chosen on out-of-fold scores of that source's training rows in k-fold cross-validation
    /// (the held-out rows never pick it, so their figures are unbiased).
    /// </summary>
    [JsonPropertyName("threshold_folds")] public int ThresholdFolds { get; init; }

    /// <summary>Folder relative paths are resolved against (the spec file's folder).</summary>
    [JsonIgnore] public string BaseDirectory { get; init; } = "";

    /// <summary>Reads a spec; relative paths in it are relative to the file's folder.</summary>
    public static ToxicityTrainingSpec Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"training spec '{path}' not found", path);
        ToxicityTrainingSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<ToxicityTrainingSpec>(File.ReadAllText(path), new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow })
                ?? throw new InvalidDataException($"{path}: empty spec");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        spec = new ToxicityTrainingSpec
        {
            Sources = spec.Sources, Lexicons = spec.Lexicons, Severity = spec.Severity, HeldOut = spec.HeldOut, ThresholdSource = spec.ThresholdSource,
            Bits = spec.Bits, Epochs = spec.Epochs, LearningRate = spec.LearningRate, L2 = spec.L2, Seed = spec.Seed,
            NaiveBayes = spec.NaiveBayes, ThresholdFolds = spec.ThresholdFolds, BaseDirectory = dir,
        };
        spec.Check(path);
        return spec;
    }

    /// <summary>A path of the spec resolved against <see cref="BaseDirectory"/>.</summary>
    public string Resolve(string path) => System.IO.Path.IsPathRooted(path) || BaseDirectory.Length == 0 ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, path));

    private void Check(string path)
    {
        if (Sources.Count == 0) throw new InvalidDataException($"{path}: no sources");
        foreach (var s in Sources)
        {
            if (s.Name.Length == 0 || s.Path.Length == 0 || s.TextColumn.Length == 0 || (s.LabelColumn.Length == 0 && !s.AllNegative))
                throw new InvalidDataException($"{path}: every source needs name, path, text_column and label_column (or all_negative)");
            if (s.Format is not ("csv" or "jsonl")) throw new InvalidDataException($"{path}: source '{s.Name}': format must be csv or jsonl");
            if (s.Format == "jsonl" != s.AllNegative) throw new InvalidDataException($"{path}: source '{s.Name}': format jsonl goes with all_negative (and all_negative with jsonl)");
            if (s.Format == "csv" && (s.Sentences || s.WithWordClass || s.MinFields.Count > 0))
                throw new InvalidDataException($"{path}: source '{s.Name}': sentences, with_word_class and min_fields are for jsonl sources");
            if (s.Delimiter.Length != 1) throw new InvalidDataException($"{path}: source '{s.Name}': delimiter must be one character");
            if (!s.AllNegative && s.Positive.Count == 0 && s.PositiveMin is null) throw new InvalidDataException($"{path}: source '{s.Name}': give positive labels or positive_min");
            if (s.SoftLabels && s.PositiveMin is null) throw new InvalidDataException($"{path}: source '{s.Name}': soft_labels needs positive_min (numeric labels)");
            if (s.Share <= 0) throw new InvalidDataException($"{path}: source '{s.Name}': share must be > 0");
        }
        if (Sources.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != Sources.Count) throw new InvalidDataException($"{path}: source names must differ");
        if (ThresholdSource.Length > 0 && Sources.All(s => s.Name != ThresholdSource)) throw new InvalidDataException($"{path}: threshold_source '{ThresholdSource}' is not a source");
        if (HeldOut is <= 0 or >= 1) throw new InvalidDataException($"{path}: held_out must be in (0, 1)");
        if (Bits is < 10 or > 26) throw new InvalidDataException($"{path}: bits must be between 10 and 26");
        if (Epochs is < 1 or > 100) throw new InvalidDataException($"{path}: epochs must be between 1 and 100");
        if (ThresholdFolds is < 0 or 1 or > 20) throw new InvalidDataException($"{path}: threshold_folds must be 0 or between 2 and 20");
        if (ThresholdFolds > 0 && ThresholdSource.Length == 0) throw new InvalidDataException($"{path}: threshold_folds needs threshold_source");
    }
}
