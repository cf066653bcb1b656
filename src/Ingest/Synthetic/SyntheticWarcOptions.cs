using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Synthetic;

/// <summary>Options of <c>ingest.synthetic_warc</c>: where to write, plus the html generator's options.</summary>
public sealed class SyntheticWarcOptions : IValidatableOptions
{
    [Description("Output WARC file (gzip, one member per record), relative to output_dir.")]
    [OutputPath]
    public string Path { get; init; } = "crawl.warc.gz";

    [Description("Number of pages (each a request and a response record); split across scheduler tasks by index range.")]
    [Range(1, 10_000_000)]
    public long Count { get; init; } = 1000;

    [Description("Random seed; the same seed gives the same bytes.")]
    public long Seed { get; init; } = 1;

    [Description("Fewest words of an original article.")]
    [Range(1, 100_000)]
    public int MinWords { get; init; } = 60;

    [Description("Most words of an original article.")]
    [Range(1, 100_000)]
    public int MaxWords { get; init; } = 400;

    [Description("Number of fake hosts.")]
    [Range(1, 100_000)]
    public int Domains { get; init; } = 200;

    [Description("Fraction of pages that copy an earlier original exactly.")]
    [Range(0.0, 1.0)]
    public double ExactDuplicateRate { get; init; } = 0.05;

    [Description("Fraction of pages that copy an earlier original with word edits.")]
    [Range(0.0, 1.0)]
    public double NearDuplicateRate { get; init; } = 0.1;

    [Description("Smallest word edit rate of a near-duplicate.")]
    [Range(0.0, 1.0)]
    public double NearDuplicateEditMin { get; init; } = 0.01;

    [Description("Largest word edit rate of a near-duplicate.")]
    [Range(0.0, 1.0)]
    public double NearDuplicateEditMax { get; init; } = 0.03;

    [Description("Fraction of boilerplate-heavy pages.")]
    [Range(0.0, 1.0)]
    public double BoilerplateRate { get; init; } = 0.05;

    [Description("Fraction of low-quality pages.")]
    [Range(0.0, 1.0)]
    public double LowQualityRate { get; init; } = 0.05;

    [Description("Fraction of originals containing PII.")]
    [Range(0.0, 1.0)]
    public double PiiRate { get; init; } = 0.05;

    [Description("Fraction of originals with a licence (text, rel=license link, licence meta).")]
    [Range(0.0, 1.0)]
    public double LicenceRate { get; init; } = 0.1;

    [Description("Fraction of pages with an AI opt-out (robots noai meta, tdm-reservation meta, X-Robots-Tag header).")]
    [Range(0.0, 1.0)]
    public double OptOutRate { get; init; } = 0.05;

    [Description("Fraction of originals containing a mild offensive term.")]
    [Range(0.0, 1.0)]
    public double OffensiveRate { get; init; } = 0.03;

    /// <summary>The generator options these stand for (html format).</summary>
    public SyntheticWebOptions ToGeneratorOptions() => new()
    {
        Count = Count, Seed = Seed, MinWords = MinWords, MaxWords = MaxWords, Domains = Domains,
        ExactDuplicateRate = ExactDuplicateRate, NearDuplicateRate = NearDuplicateRate,
        NearDuplicateEditMin = NearDuplicateEditMin, NearDuplicateEditMax = NearDuplicateEditMax,
        BoilerplateRate = BoilerplateRate, LowQualityRate = LowQualityRate, PiiRate = PiiRate,
        LicenceRate = LicenceRate, OptOutRate = OptOutRate, OffensiveRate = OffensiveRate, Format = "html",
    };

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate() => ToGeneratorOptions().Validate();
}
