using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;
using Pipeline.Ingest.Io;
using Pipeline.Ingest.Licence;
using Pipeline.Ingest.Web;

namespace Pipeline.Ingest.Warc;

/// <summary>
/// <c>ingest.warc</c>: yields one document per wanted WARC record (HTML kept as markup for <c>ingest.html_text</c>),
/// with the record's file, offset, URL, date, content type and record id in its <see cref="SourceRef"/>.
/// </summary>
internal sealed class WarcSource(WarcOptions options) : SourceStep
{
    private readonly HashSet<string> _types = new(options.RecordTypes.Select(t => t.ToLowerInvariant()), StringComparer.Ordinal);
    private readonly HashSet<string> _mimes = new(options.MimeTypes.Select(t => t.ToLowerInvariant()), StringComparer.Ordinal);
    private readonly InputErrorBudget _budget = new(options, "WARC records");
    private ReadProgress? _progress;

    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // input paths are shared out among tasks; an upstream step's artifact is already this task's own output
        var files = new List<string>();
        if (options.Paths.Count > 0) files.AddRange(context.TaskShare(context.ExpandInputs(options.Paths)));
        foreach (var a in context.InputsOfKind("warc"))
        {
            if (Directory.Exists(a.Path))
                files.AddRange(Directory.EnumerateFiles(a.Path, "*", SearchOption.AllDirectories)
                    .Where(f => !AtomicFile.IsTemporaryPath(f) && (f.EndsWith(".warc", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".warc.gz", StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal));
            else files.Add(a.Path);
        }
        var share = files.Distinct(StringComparer.Ordinal).ToList();
        _progress = new ReadProgress(context, share);
        foreach (var path in share)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = context.SourceName(path);
            await Task.Yield();
            long length = new FileInfo(path).Length;
            context.Ledger.Write(new SourceFileRecord(name, length, Sha256Of(path), FormatOf(path)));
            foreach (var doc in ReadFile(context, path, name, cancellationToken)) yield return doc;
            _progress.EndFile(length);
        }
        _budget.Check(final: true);
    }

    /// <summary>The documents of one file (synchronous: file reads are buffered and cheap).</summary>
    internal IEnumerable<Document> ReadFile(StepContext context, string path, string name, CancellationToken cancellationToken)
    {
        using var src = new WarcByteSource(path);
        if (src.Format == "warc.lz4")
        {
            Fail(context, new WarcFormatException("warc:unsupported_compression", "LZ4-compressed WARC is not supported; decompress it or recompress with gzip", 0), name);
            yield break;
        }
        var reader = new WarcRecordReader(src, t => _types.Contains(t), options.MaxRecordBytes, ex => Fail(context, ex, name));
        long lastPos = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rec = reader.Next();
            context.ReportBytesRead(Math.Max(0, src.Position - lastPos));
            lastPos = src.Position;
            _progress?.At(src.FilePosition);
            if (rec is null) break;
            _budget.Good();
            if (!_types.Contains(rec.Type)) { context.ReportSkipped("warc:skipped_" + SafeType(rec.Type)); continue; }
            if (rec.Block is null) { context.ReportSkipped("warc:skipped_too_large"); continue; }
            Document? doc;
            try
            {
                doc = ToDocument(context, rec, name);
            }
            catch (WarcFormatException ex)
            {
                Fail(context, new WarcFormatException(ex.Reason, ex.Message + $" (record {rec.Header("WARC-Record-ID")})", rec.Offset), name);
                continue;
            }
            if (doc is not null) yield return doc;
        }
    }

    private Document? ToDocument(StepContext context, WarcRecord rec, string name)
    {
        var url = rec.Header("WARC-Target-URI") is { } u ? DomainNames.NormaliseTargetUri(u) : null;
        DateTimeOffset? fetched = DateTimeOffset.TryParse(rec.Header("WARC-Date"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : null;
        var recordContentType = rec.Header("Content-Type");
        bool truncated = rec.Header("WARC-Truncated") is not null;
        byte[] body;
        string? contentType;
        long? status = null;
        var optOut = new List<string>();
        if (rec.Type is "response" or "revisit" && (CharsetDecoder.MimeOf(recordContentType)?.StartsWith("application/http", StringComparison.Ordinal) ?? false))
        {
            var http = HttpPayload.Parse(rec.Block!, truncated, options.MaxRecordBytes * 8);
            status = http.Status;
            contentType = http.Header("Content-Type");
            body = http.Body;
            foreach (var v in http.HeaderValues("X-Robots-Tag")) OptOutDetector.FromRobotsValue(v, "x-robots-tag", optOut);
            foreach (var v in http.HeaderValues("TDM-Reservation")) OptOutDetector.FromTdmReservation(v, "tdm-reservation-header", optOut);
            if (status is < 200 or > 299 && !options.KeepNon2xx) { context.ReportSkipped("warc:skipped_status_" + (status / 100) + "xx"); return null; }
        }
        else
        {
            contentType = recordContentType;
            body = rec.Block!;
        }
        var mime = CharsetDecoder.MimeOf(contentType) ?? (rec.Type == "conversion" ? "text/plain" : "application/octet-stream");
        if (_mimes.Count > 0 && !_mimes.Contains(mime)) { context.ReportSkipped("warc:skipped_mime"); return null; }
        bool html = mime is "text/html" or "application/xhtml+xml";
        var text = CharsetDecoder.Decode(body, CharsetDecoder.CharsetOf(contentType), html, out var charset);
        var source = new SourceRef(name, rec.Offset, url, fetched, mime, rec.Header("WARC-Record-ID"));
        var meta = new List<KeyValuePair<string, object>> { new("charset", charset), new("warc_type", rec.Type) };
        if (status is not null) meta.Add(new("http_status", status.Value));
        if (DomainNames.HostOf(url) is { } host)
        {
            meta.Add(new("host", host));
            meta.Add(new("domain", DomainNames.Registrable(host)));
        }
        if (optOut.Count > 0) meta.Add(new("opt_out", optOut.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
        return new Document(DocumentId.For(name, rec.Offset), text, source, Meta.From(meta));
    }

    /// <summary>A damaged container or a file that is not WARC is a bad file (on_error); anything else a bad record (max_error_rate).</summary>
    private void Fail(StepContext context, WarcFormatException ex, string file)
    {
        if (WarcRecordReader.IsContainerError(ex.Reason) || ex.Reason is "warc:not_warc" or "warc:unsupported_compression")
            _budget.BadFile(context, ex.Reason, ex.Message, file, ex.Offset);
        else _budget.BadRecord(context, ex.Reason, ex.Message, file, ex.Offset);
    }

    private static string SafeType(string type)
    {
        Span<char> buf = stackalloc char[Math.Min(type.Length, 32)];
        for (int i = 0; i < buf.Length; i++) buf[i] = char.IsAsciiLetterOrDigit(type[i]) ? type[i] : '_';
        return new string(buf);
    }

    private static string FormatOf(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "warc.gz" : "warc";

    private static string Sha256Of(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }
}
