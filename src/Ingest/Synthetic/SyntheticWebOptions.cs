using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Synthetic;

/// <summary>Options of <c>ingest.synthetic_web</c> and of <see cref="SyntheticWebGenerator"/>.</summary>
public sealed record SyntheticWebOptions : SyntheticPageOptions
{
    /// <summary>Defaults for every option.</summary>
    public SyntheticWebOptions()
    {
    }

    /// <summary>The page options of <paramref name="page"/> (e.g. those of a WARC writer); the rest keep their defaults.</summary>
    public SyntheticWebOptions(SyntheticPageOptions page)
        : base(page)
    {
    }

    [Description("Number of documents (split across scheduler tasks by index range).")]
    [Range(1, 10_000_000)]
    public long Count { get; init; } = 10_000;

    [Description("text: article text only; html: a full web page with navigation, footer, comments, scripts.")]
    [AllowedValues("text", "html")]
    public string Format { get; init; } = "text";
}
