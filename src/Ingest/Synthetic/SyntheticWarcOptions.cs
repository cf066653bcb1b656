using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Synthetic;

/// <summary>Options of <c>ingest.synthetic_warc</c>: where to write, plus the html generator's options.</summary>
public sealed record SyntheticWarcOptions : SyntheticPageOptions
{
    [Description("Output WARC file (gzip, one member per record), relative to output_dir.")]
    [OutputPath]
    public string Path { get; init; } = "crawl.warc.gz";

    [Description("Number of pages (each a request and a response record); split across scheduler tasks by index range.")]
    [Range(1, 10_000_000)]
    public long Count { get; init; } = 1000;

    /// <summary>The generator options these stand for (html format).</summary>
    public SyntheticWebOptions ToGeneratorOptions() => new(this) { Count = Count, Format = "html" };
}
