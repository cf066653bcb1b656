using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Warc;

/// <summary>Options of <c>ingest.warc</c>.</summary>
public sealed class WarcOptions
{
    [Description("WARC files or glob patterns (plain or .gz), relative to the DAG folder; 'warc' artifacts from needs are read too")]
    [InputPath(Optional = true)]
    public IReadOnlyList<string> Paths { get; init; } = [];

    [Description("WARC record types to yield as documents (response, resource, conversion; others are skipped and counted)")]
    public IReadOnlyList<string> RecordTypes { get; init; } = ["response", "resource", "conversion"];

    [Description("payload MIME types to keep (others are skipped and counted); empty keeps all")]
    public IReadOnlyList<string> MimeTypes { get; init; } = ["text/html", "application/xhtml+xml", "text/plain"];

    [Description("largest record block read into memory, in bytes; larger records are skipped and counted")]
    [Range(1024, 1L << 31)]
    public long MaxRecordBytes { get; init; } = 16L << 20;

    [Description("what a bad record does: skip (count it, go on) or fail (stop the run)")]
    [AllowedValues("skip", "fail")]
    public string OnError { get; init; } = "skip";

    [Description("fail the step when more than this fraction of records are bad (checked once 20 records are seen)")]
    [Range(0.0, 1.0)]
    public double MaxErrorRate { get; init; } = 0.1;

    [Description("keep responses whose HTTP status is not 2xx")]
    public bool KeepNon2xx { get; init; }
}
