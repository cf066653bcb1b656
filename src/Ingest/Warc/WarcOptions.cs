using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Io;

namespace Pipeline.Ingest.Warc;

/// <summary>Options of <c>ingest.warc</c> (on_error and max_error_rate: <see cref="InputErrorOptions"/>).</summary>
public sealed class WarcOptions : InputErrorOptions
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

    [Description("keep responses whose HTTP status is not 2xx")]
    public bool KeepNon2xx { get; init; }
}
