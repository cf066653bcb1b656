using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest.Io;

/// <summary>
/// The error options every source shares (ingest.warc, ingest.jsonl, ingest.parquet, ingest.text): one vocabulary,
/// one set of defaults. A bad <em>record</em> (a WARC record with broken headers, a JSONL line that is not valid
/// UTF-8 JSON, a Parquet row with a null text) is always counted as an error with file and offset and reading goes
/// on, up to <see cref="MaxErrorRate"/>. A bad <em>file</em> (a truncated or corrupt compressed stream, an
/// unreadable Parquet file, a file that is not in the format at all) fails the run unless <see cref="OnError"/> is "skip".
/// </summary>
public abstract class InputErrorOptions
{
    [Description("what a bad file (truncated or corrupt compressed data, unreadable Parquet, not the format at all) does: fail (stop the run, exit 1, naming the file and byte offset) or skip (count it as an error with file and offset, keep what was read before the damage and go on)")]
    [AllowedValues("fail", "skip")]
    public string OnError { get; init; } = "fail";

    [Description("fail the step when more than this fraction of records are bad (bad records are always counted with file and offset; checked from 20 records on and at the end; 0 fails on the first bad record)")]
    [Range(0.0, 1.0)]
    public double MaxErrorRate { get; init; } = 0.1;
}
