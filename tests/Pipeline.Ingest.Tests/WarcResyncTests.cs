using System.Text;
using Pipeline.Core.Ledger;
using Pipeline.Ingest.Warc;
using Pipeline.Testing;
using Xunit;
using static Pipeline.Ingest.Tests.WarcTestSupport;

namespace Pipeline.Ingest.Tests;

/// <summary>Issue 12, reproductions 1a-1d: every intact record is read, every loss is an error with file and offset.</summary>
public sealed class WarcResyncTests
{
    private static byte[] Doc(int i) => Record("response", $"http://e.org/{i}", Http("Content-Type: text/plain\r\n", Encoding.ASCII.GetBytes($"doc {i}")));

    private static WarcOptions Skip(string path) => new() { Paths = [path], MaxErrorRate = 1.0, OnError = "skip" };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Read_AbsurdContentLength_LaterRecordsStillRead(bool gzip, bool perMember)
    {
        using var dir = new TempDir();
        var block = Http("Content-Type: text/plain\r\n", "doc 1"u8.ToArray());
        var bad = Record("response", "http://e.org/1", block, contentLength: 99999999999999);
        var parts = new List<byte[]> { Doc(0), bad, Doc(2), Doc(3), Doc(4) };
        var path = dir.File(gzip ? "a.warc.gz" : "a.warc");
        File.WriteAllBytes(path, gzip ? (perMember ? [.. parts.SelectMany(Gzip)] : Gzip([.. parts.SelectMany(p => p)])) : [.. parts.SelectMany(p => p)]);

        var (docs, ctx, ledger) = Read(path, Skip(path));

        Assert.Equal(["doc 0", "doc 2", "doc 3", "doc 4"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.Errors);
        var err = Assert.Single(ledger.Records.OfType<StepErrorRecord>());
        Assert.Equal("a.warc" + (gzip ? ".gz" : ""), err.File);
        // the first record as written (a new Doc(0) has another random record id, so its gzip size may differ)
        Assert.Equal(perMember ? Gzip(parts[0]).Length : parts[0].Length, err.Offset);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(20)]
    [InlineData(36)]
    public void Read_GzipCutInsideMember_PreviousCompleteRecordKept(int cut)
    {
        using var dir = new TempDir();
        var m0 = Gzip(Doc(0));
        var m1 = Gzip(Doc(1));
        var m2 = Gzip(Doc(2));
        var path = dir.File("t.warc.gz");
        File.WriteAllBytes(path, [.. m0, .. m1, .. m2[..cut]]);

        var (docs, ctx, ledger) = Read(path, Skip(path));

        Assert.Equal(["doc 0", "doc 1"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.Errors);
        Assert.Equal(m0.Length + m1.Length, Assert.Single(ledger.Records.OfType<StepErrorRecord>()).Offset);
    }

    [Fact]
    public void Read_GzipCutInsideMember_FailsByDefaultNamingFileAndOffset()
    {
        using var dir = new TempDir();
        var m0 = Gzip(Doc(0));
        var path = dir.File("cut.warc.gz");
        File.WriteAllBytes(path, [.. m0, .. Gzip(Doc(1))[..20]]);

        var ex = Assert.Throws<InvalidDataException>(() => Read(path, new WarcOptions { Paths = [path] }));

        Assert.Contains($"cut.warc.gz @ byte {m0.Length}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("on_error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptMemberThenIntactMember_IntactMemberRead()
    {
        using var dir = new TempDir();
        var m0 = Gzip(Doc(0));
        var m1 = Gzip(Doc(1));
        m1[m1.Length / 2] ^= 0x5A;
        var m2 = Gzip(Doc(2));
        var path = dir.File("c.warc.gz");
        File.WriteAllBytes(path, [.. m0, .. m1, .. m2, .. Gzip(Doc(3))]);

        var (docs, ctx, _) = Read(path, Skip(path));

        Assert.Equal(["doc 0", "doc 2", "doc 3"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.Errors);
    }

    [Fact]
    public void Read_OverLongContentLengthInMember_NextMemberRead()
    {
        using var dir = new TempDir();
        var block = Http("Content-Type: text/plain\r\n", "doc 1"u8.ToArray());
        var path = dir.File("o.warc.gz");
        File.WriteAllBytes(path, [.. Gzip(Doc(0)), .. Gzip(Record("response", "http://e.org/1", block, contentLength: block.Length + 40)), .. Gzip(Doc(2)), .. Gzip(Doc(3))]);

        var (docs, ctx, _) = Read(path, Skip(path));

        Assert.Equal(["doc 0", "doc 2", "doc 3"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.Errors);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_GarbageBetweenRecords_RecordBeforeKept(bool gzip)
    {
        using var dir = new TempDir();
        var garbage = "zzzz garbage here\r\nmore junk\r\n"u8.ToArray();
        var path = dir.File(gzip ? "g.warc.gz" : "g.warc");
        byte[] data = gzip
            ? [.. Gzip(Doc(0)), .. Gzip(Doc(1)), .. garbage, .. Gzip(Doc(2))]
            : [.. Doc(0), .. Doc(1), .. garbage, .. Doc(2)];
        File.WriteAllBytes(path, data);

        var (docs, ctx, _) = Read(path, Skip(path));

        Assert.Equal(["doc 0", "doc 1", "doc 2"], docs.Select(d => d.Text));
        Assert.Equal(1, ctx.Stats.Errors);
    }
}
