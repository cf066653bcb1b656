using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Synthetic;

/// <summary>What the synthetic web generator makes of each page: shared by <c>ingest.synthetic_web</c> and <c>ingest.synthetic_warc</c>.</summary>
public abstract record SyntheticPageOptions : IValidatableOptions
{
    [Description("Random seed; the same seed and index always give the same page.")]
    public long Seed { get; init; } = 1;

    [Description("Fewest words of an original article.")]
    [Range(1, 100_000)]
    public int MinWords { get; init; } = 60;

    [Description("Most words of an original article.")]
    [Range(1, 100_000)]
    public int MaxWords { get; init; } = 400;

    [Description("Number of fake hosts (registrable domains) pages come from.")]
    [Range(1, 100_000)]
    public int Domains { get; init; } = 200;

    [Description("Fraction of pages that copy an earlier original exactly.")]
    [Range(0.0, 1.0)]
    public double ExactDuplicateRate { get; init; } = 0.05;

    [Description("Fraction of pages that copy an earlier original with word edits.")]
    [Range(0.0, 1.0)]
    public double NearDuplicateRate { get; init; } = 0.1;

    [Description("Smallest word edit rate of a near-duplicate (fraction of words replaced, inserted or deleted).")]
    [Range(0.0, 1.0)]
    public double NearDuplicateEditMin { get; init; } = 0.01;

    [Description("Largest word edit rate of a near-duplicate.")]
    [Range(0.0, 1.0)]
    public double NearDuplicateEditMax { get; init; } = 0.03;

    [Description("Fraction of boilerplate-heavy pages (navigation, cookie and share lines around a short text).")]
    [Range(0.0, 1.0)]
    public double BoilerplateRate { get; init; } = 0.05;

    [Description("Fraction of low-quality pages (keyword spam, symbols, repeated lines).")]
    [Range(0.0, 1.0)]
    public double LowQualityRate { get; init; } = 0.05;

    [Description("Fraction of originals containing PII (emails, phone numbers, card numbers, IP addresses).")]
    [Range(0.0, 1.0)]
    public double PiiRate { get; init; } = 0.05;

    [Description("Fraction of originals carrying a licence marker (text, and rel=license / meta in html).")]
    [Range(0.0, 1.0)]
    public double LicenceRate { get; init; } = 0.1;

    [Description("Fraction of html pages with an AI opt-out (robots noai or tdm-reservation meta; in WARC output also an X-Robots-Tag header).")]
    [Range(0.0, 1.0)]
    public double OptOutRate { get; init; } = 0.05;

    [Description("Fraction of originals containing a mild offensive term from the built-in list.")]
    [Range(0.0, 1.0)]
    public double OffensiveRate { get; init; } = 0.03;

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (MinWords > MaxWords) yield return ("min_words", $"min_words ({MinWords}) is larger than max_words ({MaxWords})");
        if (NearDuplicateEditMin > NearDuplicateEditMax)
            yield return ("near_duplicate_edit_min", $"near_duplicate_edit_min ({NearDuplicateEditMin}) is larger than near_duplicate_edit_max ({NearDuplicateEditMax})");
        double sum = ExactDuplicateRate + NearDuplicateRate + BoilerplateRate + LowQualityRate;
        if (sum > 0.95)
            yield return ("exact_duplicate_rate", $"exact_duplicate_rate + near_duplicate_rate + boilerplate_rate + low_quality_rate is {sum:0.###}; keep it at most 0.95 so originals remain to copy");
    }
}
