using Parquet.Schema;

namespace Pipeline.Ingest.Io;

/// <summary>Columns of a documents Parquet file.</summary>
internal static class ParquetDocumentSchema
{
    public static readonly DataField<string> Id = new("id", nullable: false);
    public static readonly DataField<string> Text = new("text", nullable: false);
    public static readonly DataField<string> SourceFile = new("source_file", nullable: false);
    public static readonly DataField<long> SourceOffset = new("source_offset", nullable: false);
    public static readonly DataField<string> SourceOffsetKind = new("source_offset_kind", nullable: false);
    public static readonly DataField<string> SourceUrl = new("source_url", nullable: true);
    public static readonly DataField<string> FetchTime = new("fetch_time", nullable: true);
    public static readonly DataField<string> ContentType = new("content_type", nullable: true);
    public static readonly DataField<string> RecordId = new("record_id", nullable: true);
    public static readonly DataField<string> Metadata = new("metadata", nullable: false);

    public static readonly ParquetSchema Schema = new(Id, Text, SourceFile, SourceOffset, SourceOffsetKind, SourceUrl, FetchTime, ContentType, RecordId, Metadata);
}
