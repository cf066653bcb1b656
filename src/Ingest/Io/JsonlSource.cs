using System.Runtime.CompilerServices;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>ingest.jsonl</c>: one document per line of {id, text, metadata, …}. Streams line by line; a bad line is
/// reported with file, line number and byte offset and reading goes on. Source offsets are byte offsets of
/// the line in the (decompressed) file; <see cref="JsonlRecordMapper"/> maps the fields (other top-level fields
/// become metadata).
/// </summary>
internal sealed class JsonlSource(JsonlSourceOptions options) : SourceStep
{
    private readonly JsonlRecordMapper _mapper = new(options);

    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = InputFiles.Resolve(context, options.Paths, "jsonl", ".jsonl", ".jsonl.gz", ".json.gz", ".ndjson");
        foreach (var file in files)
        {
            var name = context.SourceName(file);
            await using var stream = InputFiles.OpenRead(file);
            var reader = new ByteLineReader(stream);
            long lineNo = 0;
            while (true)
            {
                var (ok, offset, length) = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (!ok) break;
                lineNo++;
                context.ReportBytesRead(length + 1);
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
            return _mapper.Map(json.RootElement, name, offset, out problem);
    }
}
