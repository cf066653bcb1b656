using System.Runtime.CompilerServices;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Warc;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>ingest.text</c>: plain UTF-8 text as one document per file, per non-empty line, or per paragraph
/// (lines separated by blank lines). Source offsets are byte offsets of the line or paragraph start.
/// </summary>
internal sealed class TextSource(TextSourceOptions options) : SourceStep
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = context.TaskShare(context.ExpandInputs(options.Paths));
        var budget = new InputErrorBudget(options, "text files");
        var declared = new Licence.DeclaredLicence(options.Licence, options.LicenceByPath);
        var progress = new ReadProgress(context, files);
        foreach (var file in files)
        {
            var name = context.SourceName(file);
            var meta = SourceMetadata.Complete(Meta.Empty, null, options.Domain, declared, name);
            await using var stream = InputFiles.OpenRead(file, out var fs);
            long length0 = fs.Length;
            if (options.Mode == "file")
            {
                using var sr = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true);
                string text;
                try
                {
                    text = await sr.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (WarcFormatException ex)
                {
                    budget.BadFile(context, CheckedGzipStream.Reason("text", ex), $"{name}: {ex.Message}", name, ex.Offset);
                    continue;
                }
                context.ReportBytesRead(Utf8.GetByteCount(text));
                progress.EndFile(length0);
                if (string.IsNullOrWhiteSpace(text))
                {
                    context.ReportSkipped("text:empty_file");
                    continue;
                }
                yield return new Document(DocumentId.For(name, 0), text, new SourceRef(name, 0, ContentType: "text/plain"), meta);
                continue;
            }
            var reader = new ByteLineReader(stream);
            bool paragraph = options.Mode == "paragraph";
            var para = new StringBuilder();
            long paraStart = 0;
            bool first = true;
            while (true)
            {
                (bool ok, long offset, int length) next;
                try
                {
                    next = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (WarcFormatException ex)
                {
                    // What was read before the damage is kept except the paragraph it cut.
                    budget.BadFile(context, CheckedGzipStream.Reason("text", ex), $"{name}: {ex.Message}", name, ex.Offset);
                    para.Clear();
                    break;
                }
                var (ok, offset, length) = next;
                if (!ok) break;
                context.ReportBytesRead(length + 1);
                progress.At(fs.Position);
                var bytes = reader.Line(length).Span;
                if (first && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    bytes = bytes[3..];
                    offset += 3;
                }
                first = false;
                bool blank = bytes.Trim(" \t"u8).IsEmpty;
                if (!paragraph)
                {
                    if (blank) continue;
                    var line = Utf8.GetString(bytes);
                    yield return new Document(DocumentId.For(name, offset), line, new SourceRef(name, offset, ContentType: "text/plain"), meta);
                    continue;
                }
                if (blank)
                {
                    if (para.Length > 0)
                    {
                        yield return new Document(DocumentId.For(name, paraStart), para.ToString(), new SourceRef(name, paraStart, ContentType: "text/plain"), meta);
                        para.Clear();
                    }
                    continue;
                }
                if (para.Length == 0) paraStart = offset;
                else para.Append('\n');
                para.Append(Utf8.GetString(bytes));
            }
            if (para.Length > 0)
                yield return new Document(DocumentId.For(name, paraStart), para.ToString(), new SourceRef(name, paraStart, ContentType: "text/plain"), meta);
            progress.EndFile(length0);
        }
    }
}
