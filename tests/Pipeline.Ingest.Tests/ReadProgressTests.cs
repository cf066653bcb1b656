using System.IO.Compression;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Io;
using Pipeline.Ingest.Synthetic;
using Pipeline.Ingest.Warc;
using Pipeline.Testing;

namespace Pipeline.Ingest.Tests;

public sealed class ReadProgressTests
{
    private static async Task<(long Done, long Total)> ReadWithProgressAsync(SourceStep step, StepContext ctx, int observeAt, List<(long, long)> seen)
    {
        int n = 0;
        await foreach (var _ in step.ReadAsync(ctx, CancellationToken.None))
            if (++n == observeAt && ctx.Stats.Progress is { } p) seen.Add((p.Done, p.Total));
        var last = ctx.Stats.Progress!;
        return (last.Done, last.Total);
    }

    [Fact]
    public async Task WarcSource_GzipFile_ReportsCompressedBytesOfTheFileAsTotalAndReachesIt()
    {
        using var dir = new TempDir();
        var path = dir.File("crawl.warc.gz");
        using (var fs = File.Create(path))
            for (int i = 0; i < 1200; i++)
                fs.Write(WarcTestSupport.Gzip(WarcTestSupport.Record("response", $"https://example.org/{i}",
                    WarcTestSupport.Http("Content-Type: text/html\r\n", Encoding.UTF8.GetBytes($"<html><body><p>page {i} {new string('w', i % 300)}</p></body></html>")))));
        var ctx = StepContext.ForTool("crawl", dir.Path);
        var seen = new List<(long, long)>();

        var (done, total) = await ReadWithProgressAsync(new WarcSource(new WarcOptions { Paths = [path] }), ctx, 600, seen);

        long length = new FileInfo(path).Length;
        Assert.Equal(length, total);
        Assert.Equal(length, done);
        Assert.Equal("bytes", ctx.Stats.Progress!.Unit);
        var (midDone, midTotal) = Assert.Single(seen);
        Assert.Equal(length, midTotal);
        Assert.InRange(midDone, length / 4, length * 3 / 4);
    }

    [Fact]
    public async Task JsonlSource_TwoGzipFiles_ProgressIsCompressedBytesOfBothFiles()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "a.jsonl.gz", "b.jsonl.gz" })
        {
            using var gz = new GZipStream(File.Create(dir.File(name)), CompressionLevel.Fastest);
            using var w = new StreamWriter(gz);
            for (int i = 0; i < 3000; i++) w.WriteLine($"{{\"id\":\"{name}-{i}\",\"text\":\"document {i} {Guid.NewGuid()}\"}}");
        }
        var ctx = StepContext.ForTool("read", dir.Path);
        var seen = new List<(long, long)>();

        var (done, total) = await ReadWithProgressAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["*.jsonl.gz"] }), ctx, 4500, seen);

        long length = new FileInfo(dir.File("a.jsonl.gz")).Length + new FileInfo(dir.File("b.jsonl.gz")).Length;
        Assert.Equal(length, total);
        Assert.Equal(length, done);
        var (midDone, _) = Assert.Single(seen);
        Assert.InRange(midDone, length / 2, length - 1);
    }

    [Fact]
    public async Task SyntheticWebSource_Count_ProgressCountsDocumentsAgainstTheCount()
    {
        using var dir = new TempDir();
        var ctx = StepContext.ForTool("gen", dir.Path);
        var seen = new List<(long, long)>();

        var (done, total) = await ReadWithProgressAsync(new SyntheticWebSource(new SyntheticWebOptions { Count = 1000, Seed = 1 }), ctx, 700, seen);

        Assert.Equal(1000, total);
        Assert.Equal(1000, done);
        Assert.Equal("docs", ctx.Stats.Progress!.Unit);
        Assert.InRange(Assert.Single(seen).Item1, 256, 1000);
    }
}
