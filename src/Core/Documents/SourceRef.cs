namespace Pipeline.Core.Documents;

/// <summary>Where a document came from: enough to find the record again.</summary>
/// <param name="File">Source file path, relative to the DAG folder where possible ('/' separators).</param>
/// <param name="Offset">Byte offset of the record (or line number for line formats, see <paramref name="OffsetKind"/>).</param>
/// <param name="Url">Original URL, when known.</param>
/// <param name="FetchTime">Fetch date, when known.</param>
/// <param name="ContentType">MIME type of the original payload, when known.</param>
/// <param name="RecordId">Record id inside the source (WARC-Record-ID, JSONL id, row number).</param>
/// <param name="OffsetKind">"byte", "line" or "row".</param>
public sealed record SourceRef(
    string File,
    long Offset,
    string? Url = null,
    DateTimeOffset? FetchTime = null,
    string? ContentType = null,
    string? RecordId = null,
    string OffsetKind = "byte")
{
    /// <summary>A source reference for documents made in memory (tests, generators).</summary>
    public static SourceRef Synthetic(string name, long index) => new(name, index, OffsetKind: "row");
}
