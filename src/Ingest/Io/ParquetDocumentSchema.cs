using Parquet.Schema;

namespace Pipeline.Ingest.Io;

/// <summary>
/// Columns of a documents Parquet file (docs/outputs.md). Since issue 17 fetch_time is a UTC timestamp (microseconds),
/// metadata a MAP&lt;string, string&gt; (strings as written, other values as their JSON text) and metadata_json the
/// typed JSON object that <c>ingest.parquet</c> reads back. Files of the earlier layout (fetch_time an ISO 8601 string,
/// metadata the JSON object as a string) are still read.
/// </summary>
internal static class ParquetDocumentSchema
{
    public static readonly DataField<string> Id = new("id", nullable: false);
    public static readonly DataField<string> Text = new("text", nullable: false);
    public static readonly DataField<string> SourceFile = new("source_file", nullable: false);
    public static readonly DataField<long> SourceOffset = new("source_offset", nullable: false);
    public static readonly DataField<string> SourceOffsetKind = new("source_offset_kind", nullable: false);
    public static readonly DataField<string> SourceUrl = new("source_url", nullable: true);
    public static readonly DateTimeDataField FetchTime = new("fetch_time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);
    public static readonly DataField<string> ContentType = new("content_type", nullable: true);
    public static readonly DataField<string> RecordId = new("record_id", nullable: true);

    // map values are required: Parquet.Net then writes an empty map as one (empty) entry level, which readers see as {}
    public static readonly DataField<string> MetadataKey = new("key", nullable: false);
    public static readonly DataField<string> MetadataValue = new("value", nullable: false);
    public static readonly MapField Metadata = new("metadata", MetadataKey, MetadataValue);
    public static readonly DataField<string> MetadataJson = new("metadata_json", nullable: false);

    /// <summary>The name of the metadata column of both layouts (a map now, a JSON string before).</summary>
    public const string MetadataName = "metadata";

    public static readonly ParquetSchema Schema = new(Id, Text, SourceFile, SourceOffset, SourceOffsetKind, SourceUrl, FetchTime, ContentType, RecordId, Metadata, MetadataJson);
}
