using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Core.Documents;

namespace Pipeline.Ingest.Io;

/// <summary>The JSONL shape of a document: id, text, metadata (sorted), source {file, offset, offset_kind, url, fetch_time, content_type, record_id}.</summary>
internal static class DocumentJsonl
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes one document as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter w, Document d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("text", d.Text);
        w.WritePropertyName("metadata");
        MetaJson.Write(w, d.Meta);
        var s = d.Source;
        w.WriteStartObject("source");
        w.WriteString("file", s.File);
        w.WriteNumber("offset", s.Offset);
        w.WriteString("offset_kind", s.OffsetKind);
        WriteNullable(w, "url", s.Url);
        WriteNullable(w, "fetch_time", FormatTime(s.FetchTime));
        WriteNullable(w, "content_type", s.ContentType);
        WriteNullable(w, "record_id", s.RecordId);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string? FormatTime(DateTimeOffset? t) => t?.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    /// <summary>Serialises one document to a UTF-8 JSON line (with '\n').</summary>
}
