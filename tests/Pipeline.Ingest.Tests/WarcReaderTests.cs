using System.Text;
using Pipeline.Core.Ledger;
using Pipeline.Ingest.Warc;
using Pipeline.Testing;
using Xunit;
using static Pipeline.Ingest.Tests.WarcTestSupport;

namespace Pipeline.Ingest.Tests;

public sealed class WarcReaderTests
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("<html lang=\"en\"><head><title>T</title></head><body><p>Grüße aus Köln</p></body></html>");

    [Fact]
    public void Read_GzipMembersWithChunkedAndGzipBody_DecodesAndCitesMemberOffsets()
    {
        using var dir = new TempDir();
        var chunked = Encoding.ASCII.GetBytes($"{Page.Length - 10:x}\r\n").Concat(Page[..^10]).Concat("\r\n"u8.ToArray())
            .Concat(Encoding.ASCII.GetBytes("a\r\n")).Concat(Page[^10..]).Concat("\r\n0\r\n\r\n"u8.ToArray()).ToArray();
        var r1 = Gzip(Record("response", "<http://news.example.co.uk/a b>", Http("Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nX-Robots-Tag: noai\r\n", chunked)));
        var r2 = Gzip(Record("request", "http://news.example.co.uk/a", "GET / HTTP/1.1\r\n\r\n"u8.ToArray(), "application/http; msgtype=request"));
        var r3 = Gzip(Record("response", "http://www.example.com/b", Http("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", Gzip(Page))));
        var path = dir.File("x.warc.gz");
        File.WriteAllBytes(path, [.. r1, .. r2, .. r3]);

        var (docs, ctx, ledger) = Read(path);

        Assert.Equal(2, docs.Count);
        Assert.Equal(0, docs[0].Source.Offset);
        Assert.Equal(r1.Length + r2.Length, docs[1].Source.Offset);
        Assert.All(docs, d => Assert.Contains("Grüße aus Köln", d.Text, StringComparison.Ordinal));
        Assert.Equal("http://news.example.co.uk/a%20b", docs[0].Source.Url);
        Assert.Equal("x.warc.gz", docs[0].Source.File);
        Assert.Equal("text/html", docs[0].Source.ContentType);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), docs[0].Source.FetchTime);
        Assert.StartsWith("<urn:uuid:", docs[0].Source.RecordId, StringComparison.Ordinal);
        Assert.Equal(200L, docs[0].Meta.GetLong("http_status"));
        Assert.Equal("example.co.uk", docs[0].Meta.GetString("domain"));
        Assert.Equal("news.example.co.uk", docs[0].Meta.GetString("host"));
        Assert.Equal(["x-robots-tag:noai"], docs[0].Meta.GetStrings("opt_out"));
        Assert.Equal(1, ctx.Stats.DroppedByReason["warc:skipped_request"]);
        Assert.Equal(0, ctx.Stats.Errors);
        var file = Assert.Single(ledger.Records.OfType<SourceFileRecord>());
        Assert.Equal(64, file.Sha256.Length);
        Assert.Equal(new FileInfo(path).Length, file.SizeBytes);
    }

    [Fact]
    public void Read_WholeFileGzipAndPlain_ReadsEveryRecord()
    {
        using var dir = new TempDir();
        var plain = Enumerable.Range(0, 5).SelectMany(i => Record("response", $"http://e.org/{i}", Http("Content-Type: text/plain\r\n", Encoding.ASCII.GetBytes($"doc {i}")))).ToArray();
        File.WriteAllBytes(dir.File("a.warc"), plain);
        File.WriteAllBytes(dir.File("b.warc.gz"), Gzip(plain));

        var (a, _, _) = Read(dir.File("a.warc"));
        var (b, _, _) = Read(dir.File("b.warc.gz"));

        Assert.Equal(["doc 0", "doc 1", "doc 2", "doc 3", "doc 4"], a.Select(d => d.Text));
        Assert.Equal(a.Select(d => d.Text), b.Select(d => d.Text));
        Assert.Equal(a.Select(d => d.Source.Offset), b.Select(d => d.Source.Offset));
        Assert.Equal(5, a.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void Read_WrongContentLengthInGzipMember_ReportsErrorAndResumesAtNextMember()
    {
        using var dir = new TempDir();
        var good1 = Gzip(Record("response", "http://e.org/1", Http("Content-Type: text/plain\r\n", "one"u8.ToArray())));
        var block = Http("Content-Type: text/plain\r\n", "two two two"u8.ToArray());
        var bad = Gzip(Record("response", "http://e.org/2", block, contentLength: block.Length - 4));
        var good2 = Gzip(Record("response", "http://e.org/3", Http("Content-Type: text/plain\r\n", "three"u8.ToArray())));
        var path = dir.File("bad-length.warc.gz");
        File.WriteAllBytes(path, [.. good1, .. bad, .. good2]);

        var (docs, ctx, ledger) = Read(path);

        Assert.Equal(["one", "three"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.ErrorsByReason["warc:bad_content_length"]);
        var err = Assert.Single(ledger.Records.OfType<StepErrorRecord>());
        Assert.Equal(good1.Length, err.Offset);
        Assert.Equal("bad-length.warc.gz", err.File);
    }

    [Fact]
    public void Read_WrongContentLengthInPlainFile_ResyncsAtNextWarcLine()
    {
        using var dir = new TempDir();
        var block = Http("Content-Type: text/plain\r\n", "two two two"u8.ToArray());
        byte[] data = [.. Record("response", "http://e.org/1", block, contentLength: block.Length + 7), .. Record("response", "http://e.org/2", Http("Content-Type: text/plain\r\n", "ok"u8.ToArray()))];
        File.WriteAllBytes(dir.File("p.warc"), data);

        var (docs, ctx, _) = Read(dir.File("p.warc"));

        Assert.Equal(["ok"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.Errors);
    }

    [Fact]
    public void Read_BrokenChunkingAndMissingStatusLine_EachCountedWithReason()
    {
        using var dir = new TempDir();
        var chunkedBad = Http("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n"u8.ToArray());
        var noStatus = "Content-Type: text/plain\r\n\r\nbody"u8.ToArray();
        byte[] data = [.. Gzip(Record("response", "http://e.org/1", chunkedBad)), .. Gzip(Record("response", "http://e.org/2", noStatus)),
            .. Gzip(Record("response", "http://e.org/3", Http("Content-Type: text/plain\r\n", "fine"u8.ToArray())))];
        File.WriteAllBytes(dir.File("c.warc.gz"), data);

        var (docs, ctx, _) = Read(dir.File("c.warc.gz"));

        Assert.Equal(["fine"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.ErrorsByReason["warc:bad_chunking"]);
        Assert.Equal(1, ctx.Stats.ErrorsByReason["warc:missing_status_line"]);
    }

    [Fact]
    public void Read_ChunkedHeaderButPlainBody_TakenAsStored()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("d.warc"), Record("response", "http://e.org/1", Http("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n", "already plain"u8.ToArray())));
        var (docs, ctx, _) = Read(dir.File("d.warc"));
        Assert.Equal(["already plain"], docs.Select(d => d.Text));
        Assert.Equal(0, ctx.Stats.Errors);
    }

    [Fact]
    public void Read_TruncatedGzip_ReportsTruncationAfterEarlierRecords()
    {
        using var dir = new TempDir();
        var r1 = Gzip(Record("response", "http://e.org/1", Http("Content-Type: text/plain\r\n", "first"u8.ToArray())));
        var r2 = Gzip(Record("response", "http://e.org/2", Http("Content-Type: text/plain\r\n", Encoding.ASCII.GetBytes(string.Join(' ', Enumerable.Range(0, 500)))))) ;
        File.WriteAllBytes(dir.File("t.warc.gz"), [.. r1, .. r2[..(r2.Length / 2)]]);

        var (docs, ctx, ledger) = Read(dir.File("t.warc.gz"));

        Assert.Equal(["first"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.ErrorsByReason["warc:truncated_gzip"]);
        Assert.Equal(r1.Length, ledger.Records.OfType<StepErrorRecord>().Single().Offset);
    }

    [Fact]
    public void Read_ZeroErrorRate_ThrowsNamingFileAndOffset()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("f.warc"), Record("response", "http://e.org/1", "nothing"u8.ToArray()));

        var ex = Assert.Throws<InvalidDataException>(() => Read(dir.File("f.warc"), new WarcOptions { Paths = [dir.File("f.warc")], MaxErrorRate = 0 }));

        Assert.Contains("f.warc @ byte 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("warc:missing_status_line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ErrorRateAboveMaximum_Throws()
    {
        using var dir = new TempDir();
        var data = Enumerable.Range(0, 30).SelectMany(i => Record("response", $"http://e.org/{i}",
            i % 3 == 0 ? "junk"u8.ToArray() : Http("Content-Type: text/plain\r\n", "ok"u8.ToArray()))).ToArray();
        File.WriteAllBytes(dir.File("e.warc"), data);

        var ex = Assert.Throws<InvalidDataException>(() => Read(dir.File("e.warc"), new WarcOptions { Paths = [dir.File("e.warc")], MaxErrorRate = 0.2 }));
        Assert.Contains("max_error_rate", ex.Message, StringComparison.Ordinal);

        var (docs, _, _) = Read(dir.File("e.warc"), new WarcOptions { Paths = [dir.File("e.warc")], MaxErrorRate = 0.5 });
        Assert.Equal(20, docs.Count);
    }

    [Fact]
    public void Read_RecordTypesAndMimeTypes_SelectRecords()
    {
        using var dir = new TempDir();
        byte[] data = [.. Record("resource", "http://e.org/r", "resource text"u8.ToArray(), "text/plain"),
            .. Record("response", "http://e.org/img", Http("Content-Type: image/png\r\n", [1, 2, 3])),
            .. Record("metadata", "http://e.org/m", "k: v"u8.ToArray(), "application/warc-fields")];
        File.WriteAllBytes(dir.File("s.warc"), data);

        var (defaults, ctx, _) = Read(dir.File("s.warc"));
        var (onlyMeta, _, _) = Read(dir.File("s.warc"), new WarcOptions { Paths = [dir.File("s.warc")], RecordTypes = ["metadata"], MimeTypes = [] });

        Assert.Equal(["resource text"], defaults.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.DroppedByReason["warc:skipped_mime"]);
        Assert.Equal(1, ctx.Stats.DroppedByReason["warc:skipped_metadata"]);
        Assert.Equal(["k: v"], onlyMeta.Select(d => d.Text));
    }

    [Fact]
    public void Read_RecordLargerThanMaximum_SkippedAndCounted()
    {
        using var dir = new TempDir();
        byte[] data = [.. Record("response", "http://e.org/big", Http("Content-Type: text/plain\r\n", new byte[5000])), .. Record("response", "http://e.org/s", Http("Content-Type: text/plain\r\n", "small"u8.ToArray()))];
        File.WriteAllBytes(dir.File("big.warc"), data);

        var (docs, ctx, _) = Read(dir.File("big.warc"), new WarcOptions { Paths = [dir.File("big.warc")], MaxRecordBytes = 2048 });

        Assert.Equal(["small"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.DroppedByReason["warc:skipped_too_large"]);
    }

    [SharedDataFact("warc/pywb/sample_archive/warcs/iana.warc.gz")]
    public void Read_IanaSample_SkipsRevisitsAndRequestsWithCounts()
    {
        var (docs, ctx, _) = Read(SharedData.PathOf("warc/pywb/sample_archive/warcs/iana.warc.gz"), new WarcOptions
        {
            Paths = [SharedData.PathOf("warc/pywb/sample_archive/warcs/iana.warc.gz")], MimeTypes = [], KeepNon2xx = true, MaxErrorRate = 1,
        });

        Assert.True(ctx.Stats.Errors == 0, string.Join(", ", ctx.Stats.ErrorsByReason.Select(kv => kv.Key + "=" + kv.Value)));
        Assert.Equal(48, docs.Count);
        Assert.Equal(123, ctx.Stats.DroppedByReason["warc:skipped_revisit"]);
        Assert.Equal(171, ctx.Stats.DroppedByReason["warc:skipped_request"]);
        Assert.Equal(0, ctx.Stats.Errors);
        Assert.All(docs, d => Assert.Equal("iana.org", d.Meta.GetString("domain")));
    }

    [SharedDataFact("warc/dolma/tests/data/warc/sample-0000.warc.gz")]
    public void Read_DolmaSample_YieldsHtmlResponsesWithStatus()
    {
        var path = SharedData.PathOf("warc/dolma/tests/data/warc/sample-0000.warc.gz");
        var (docs, ctx, _) = Read(path, new WarcOptions { Paths = [path], MimeTypes = [], KeepNon2xx = true, RecordTypes = ["response"] });

        Assert.Equal(22, docs.Count);
        Assert.Equal(0, ctx.Stats.Errors);
        Assert.All(docs, d => Assert.NotNull(d.Meta.GetLong("http_status")));
        Assert.Equal(22, docs.Select(d => d.Source.Offset).Distinct().Count());
    }
}
