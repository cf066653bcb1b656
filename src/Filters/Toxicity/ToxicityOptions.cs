using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Toxicity;

/// <summary>Options of <c>filters.toxicity</c>.</summary>
public sealed class ToxicityOptions : IValidatableOptions
{
    [Description("auto: the classifier given by 'model', else the lexicons given, else the built-in classifier; lexicon: word-list matching; classifier: a trained linear model ('model', or the built-in one when empty).")]
    [AllowedValues("auto", "lexicon", "classifier")]
    public string Mode { get; init; } = "auto";

    [Description("Lexicon files (LDNOOBW format) applied to every document.")]
    [InputPath(Optional = true)]
    public List<string> LexiconFiles { get; init; } = [];

    [Description("Folder of per-language lexicon files named by language code (e.g. ../shared/data/toxicity/ldnoobw).")]
    [InputPath(Optional = true)]
    public string LexiconDir { get; init; } = "";

    [Description("Languages to load from lexicon_dir; a document uses the list of its meta 'language' (or default_language).")]
    public List<string> Languages { get; init; } = ["en"];

    [Description("Language whose list applies when a document has no (or an unlisted) meta 'language'.")]
    public string DefaultLanguage { get; init; } = "en";

    [Description("Optional CSV of severity weights (columns text/term and severity_rating/severity/weight); unlisted terms weigh 1.")]
    [InputPath(Optional = true)]
    public string SeverityFile { get; init; } = "";

    [Description("Lexicon mode: drop when the weighted hit count reaches this.")]
    [Range(0.0, 1e9)]
    public double MaxWeightedHits { get; init; } = 3;

    [Description("Lexicon mode: drop when hits per word reach this (0 = off).")]
    [Range(0.0, 1.0)]
    public double MaxHitRatio { get; init; } = 0.01;

    [Description("Classifier mode: the model file written by `pipeline classifier train` (empty = the built-in model, see docs/filters.md).")]
    [InputPath(Optional = true)]
    public string Model { get; init; } = "";

    [Description("Classifier mode: drop when toxicity_score is above this (default: the model's own threshold, chosen on held-out data when it was trained).")]
    [Range(0.0, 1.0)]
    public double? Threshold { get; init; }

    /// <summary>True when the step scores with a classifier (given or built-in) rather than word lists.</summary>
    public bool UsesClassifier => Mode == "classifier" || (Mode == "auto" && (Model.Length > 0 || (LexiconFiles.Count == 0 && LexiconDir.Length == 0)));

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Mode == "lexicon" && LexiconFiles.Count == 0 && LexiconDir.Length == 0) yield return ("lexicon_files", "mode 'lexicon' needs lexicon_files or lexicon_dir");
    }
}
