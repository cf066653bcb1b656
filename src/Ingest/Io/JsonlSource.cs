using System.Runtime.CompilerServices;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Warc;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>ingest.jsonl</c>: one document per line of {id, text, metadata, …}. Streams line by line; a bad line (invalid
/// UTF-8, invalid JSON, wrong types) is one error with file, line number and byte offset and reading goes on (up to
/// max_error_rate); a cut or corrupt .gz fails the run unless on_error is skip. Source offsets are byte offsets of the
/// line in the (decompressed) file; <see cref="JsonlRecordMapper"/> maps the fields (other top-level fields become
/// metadata; url, fetch time, content type and record id are kept from a "source" object as <c>sink.jsonl</c> writes).
/// </summary>
internal sealed class JsonlSource(JsonlSourceOptions options) : SourceStep
{
    private readonly JsonlRecordMapper _mapper = new(options);

    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = InputFiles.Resolve(context, options.Paths, "jsonl", ".jsonl", ".jsonl.gz", ".json.gz", ".ndjson");
        var budget = new InputErrorBudget(options, "JSONL lines");
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
                (bool ok, long offset, int length) next;
                try
                {
                    next = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (WarcFormatException ex)
                {
                    budget.BadFile(context, CheckedGzipStream.Reason("jsonl", ex), $"{name} after line {lineNo}: {ex.Message}", name, ex.Offset);
                    break;
                }
                var (ok, offset, length) = next;
                if (!ok) break;
                lineNo++;
                context.ReportBytesRead(length + 1);
                progress.At(fs.Position);
                var line = reader.Line(length);
                if (line.Span.Trim(" \t"u8).IsEmpty) continue;
                var doc = Parse(line, name, offset, out var problem);
                if (doc is null)
                {
                    budget.BadRecord(context, "jsonl:bad_line", $"{name}:{lineNo}: {problem}", name, offset);
                    continue;
                }
                budget.Good();
                yield return doc;
            }
            progress.EndFile(length0);
        }
        budget.Check(final: true);
    }

    private Document? Parse(ReadOnlyMemory<byte> line, string name, long offset, out string problem)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line.Span))
        {
            int at = 0;
            var span = line.Span;
            while (at < span.Length && System.Text.Rune.DecodeFromUtf8(span[at..], out _, out int used) == System.Buffers.OperationStatus.Done) at += used;
            problem = $"invalid UTF-8 (byte {at} of the line)";
            return null;
        }
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
