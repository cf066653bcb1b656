using System.Runtime.CompilerServices;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>ingest.jsonl</c>: one document per line of {id, text, metadata}. Streams line by line; a bad line is
/// reported with file, line number and byte offset and reading goes on. Source offsets are byte offsets of
/// the line in the (decompressed) file; url, fetch time, content type and record id are kept from a
/// "source" object when the line has one (as <c>sink.jsonl</c> writes).
/// </summary>
internal sealed class JsonlSource(JsonlSourceOptions options) : SourceStep
{
    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = InputFiles.Resolve(context, options.Paths, "jsonl", ".jsonl", ".jsonl.gz", ".json.gz", ".ndjson");
        var progress = new ReadProgress(context, files);
        foreach (var file in files)
        {
            var name = context.SourceName(file);
            await using var stream = InputFiles.OpenRead(file, out var fs);
            long length0 = fs.Length;
            var reader = new ByteLineReader(stream);
            long lineNo = 0;
            while (true)
            {
                var (ok, offset, length) = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (!ok) break;
                lineNo++;
                context.ReportBytesRead(length + 1);
                progress.At(fs.Position);
                var line = reader.Line(length);
                if (line.Span.Trim(" \t"u8).IsEmpty) continue;
                var doc = Parse(line, name, offset, out var problem);
                if (doc is null)
                {
                    context.ReportError("jsonl:bad_line", $"{name}:{lineNo}: {problem}", name, offset);
                    continue;
                }
                yield return doc;
            }
            progress.EndFile(length0);
        }
    }

    private Document? Parse(ReadOnlyMemory<byte> line, string name, long offset, out string problem)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            var msg = ex.Message;
            int cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            problem = "invalid JSON: " + (cut > 0 ? msg[..cut] : msg);
            return null;
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}";
                return null;
            }
            if (!root.TryGetProperty(options.TextKey, out var t))
            {
                problem = $"missing text key '{options.TextKey}'";
                return null;
            }
            if (t.ValueKind != JsonValueKind.String)
            {
                problem = $"'{options.TextKey}' is {t.ValueKind.ToString().ToLowerInvariant()}, expected a string";
                return null;
            }
            var text = t.GetString()!;
            string id = root.TryGetProperty(options.IdKey, out var idEl) && idEl.ValueKind switch
            {
                JsonValueKind.String => idEl.GetString()!.Length > 0,
                JsonValueKind.Number => true,
                _ => false,
            }
                ? (idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : idEl.GetRawText())
                : DocumentId.For(name, offset);
            var meta = root.TryGetProperty(options.MetadataKey, out var m) ? MetaJson.Read(m) : Meta.Empty;
            if (options.Domain is { Length: > 0 } domain) meta = meta.Set("domain", domain);

            string? url = null, contentType = null, recordId = null;
            DateTimeOffset? fetch = null;
            if (root.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.Object)
            {
                url = GetString(src, "url");
                fetch = DocumentJsonl.ParseTime(GetString(src, "fetch_time"));
                contentType = GetString(src, "content_type");
                recordId = GetString(src, "record_id");
            }
            url ??= GetString(root, "url");
            problem = "";
            return new Document(id, text, new SourceRef(name, offset, url, fetch, contentType, recordId, "byte"), meta);
        }
    }

    private static string? GetString(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
