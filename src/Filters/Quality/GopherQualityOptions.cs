using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Filters.Quality;

/// <summary>Options of <c>filters.gopher_quality</c> (defaults: the Gopher paper, Rae et al. 2021).</summary>
public sealed class GopherQualityOptions
{
    [Description("Minimum number of words (tokens holding a letter or digit).")]
    [Range(0, int.MaxValue)]
    public int MinWords { get; init; } = 50;

    [Description("Maximum number of words.")]
    [Range(0, int.MaxValue)]
    public int MaxWords { get; init; } = 100_000;

    [Description("Minimum mean word length in characters.")]
    [Range(0.0, 1000.0)]
    public double MinMeanWordLength { get; init; } = 3;

    [Description("Maximum mean word length in characters.")]
    [Range(0.0, 1000.0)]
    public double MaxMeanWordLength { get; init; } = 10;

    [Description("Maximum ratio of symbols ('#', '...', '…') to words.")]
    [Range(0.0, 1000.0)]
    public double MaxSymbolWordRatio { get; init; } = 0.1;

    [Description("Maximum fraction of lines starting with a bullet point.")]
    [Range(0.0, 1.0)]
    public double MaxBulletLinesRatio { get; init; } = 0.9;

    [Description("Maximum fraction of lines ending with an ellipsis.")]
    [Range(0.0, 1.0)]
    public double MaxEllipsisLinesRatio { get; init; } = 0.3;

    [Description("Minimum fraction of words containing at least one letter.")]
    [Range(0.0, 1.0)]
    public double MinAlphaWordsRatio { get; init; } = 0.8;

    [Description("Minimum number of stop words present (counted with repeats).")]
    [Range(0, int.MaxValue)]
    public int MinStopWords { get; init; } = 2;

    [Description("The stop words.")]
    public List<string> StopWords { get; init; } = ["the", "be", "to", "of", "and", "that", "have", "with"];

    [Description("Apply the stop-word rule only to documents whose meta 'language' is one of these (or absent); empty = always.")]
    public List<string> StopWordLanguages { get; init; } = ["en"];
}
