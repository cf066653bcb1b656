using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Schema;
using Pipeline.Core.Documents;
using Pipeline.Ingest.Io;
using Pipeline.Testing;
using static Pipeline.Ingest.Tests.JsonlTestSupport;

namespace Pipeline.Ingest.Tests;

/// <summary>Issue 12, reproduction 2: bad JSONL lines and Parquet rows are counted errors; bad files fail unless on_error is skip.</summary>
public sealed class IngestErrorPolicyTests
{
    private static string Lines(int n, int from = 0) =>
        string.Concat(Enumerable.Range(from, n).Select(i => $"{{\"id\":\"d{i}\",\"text\":\"document number {i} with some words\"}}\n"));

    [Fact]
    public async Task ReadJsonl_InvalidUtf8Line_OneErrorWithFileAndLineOthersRead()
    {
        using var dir = new TempDir();
        byte[] bad = [.. "{\"id\":\"bad\",\"text\":\"caf"u8, 0xC3, 0x28, .. "\"}\n"u8];
        File.WriteAllBytes(dir.File("u.jsonl"), [.. Encoding.UTF8.GetBytes(Lines(20)), .. bad, .. Encoding.UTF8.GetBytes(Lines(19, 20))]);
        var log = new CaptureLog();
        var ctx = Context(dir.Path, log);

        var docs = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["u.jsonl"] }), ctx);

        Assert.Equal(39, docs.Count);
        Assert.Equal(1, ctx.Stats.ErrorsByReason["jsonl:bad_line"]);
        Assert.Contains(log.Warnings, w => w.Contains("u.jsonl:21: invalid UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadJsonl_WrongTypes_EachOneCountedError()
    {
        using var dir = new TempDir();
        var body = Lines(30) + "{\"id\":\"m\",\"text\":\"t\",\"metadata\":[1,2]}\n" + "{\"id\":{\"x\":1},\"text\":\"t\"}\n";
        File.WriteAllText(dir.File("w.jsonl"), body);
        var log = new CaptureLog();
        var ctx = Context(dir.Path, log);

        var docs = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["w.jsonl"] }), ctx);

        Assert.Equal(30, docs.Count);
        Assert.Equal(2, ctx.Stats.ErrorsByReason["jsonl:bad_line"]);
        Assert.Contains(log.Warnings, w => w.Contains("w.jsonl:31: 'metadata' is array", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("w.jsonl:32: 'id' is object", StringComparison.Ordinal));
    }

    private static byte[] GzipBytes(string text)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    [Fact]
    public async Task ReadJsonl_TruncatedGzip_FailsNamingFile()
    {
        using var dir = new TempDir();
        var gz = GzipBytes(Lines(2000));
        File.WriteAllBytes(dir.File("cut.jsonl.gz"), gz[..(gz.Length / 3)]);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["cut.jsonl.gz"] }), Context(dir.Path)));

        Assert.Contains("cut.jsonl.gz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonl_TruncatedGzipWithSkip_ErrorCountedLinesBeforeKept()
    {
        using var dir = new TempDir();
        var gz = GzipBytes(Lines(2000));
        File.WriteAllBytes(dir.File("cut.jsonl.gz"), gz[..(gz.Length / 3)]);
        File.WriteAllText(dir.File("ok.jsonl"), Lines(10, 5000));
        var ctx = Context(dir.Path);

        var docs = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["cut.jsonl.gz", "ok.jsonl"], OnError = "skip" }), ctx);

        Assert.Equal(1, ctx.Stats.ErrorsByReason["jsonl:truncated_gzip"]);
        Assert.InRange(docs.Count, 11, 2000);
        Assert.Contains(docs, d => d.Id == "d5009");
        Assert.Equal(docs.Count - 10, docs.Select(d => d.Id).TakeWhile(i => i != "d5000").Count());
    }

    [Fact]
    public async Task ReadJsonl_AllGarbage_ExceedsMaxErrorRate()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("g.jsonl"), string.Concat(Enumerable.Range(0, 50).Select(i => $"garbage line {i}\n")));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["g.jsonl"] }), Context(dir.Path)));

        Assert.Contains("max_error_rate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonl_FewGarbageLines_ExceedsMaxErrorRateAtEnd()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("g.jsonl"), "not json\nnor this\n");

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = ["g.jsonl"] }), Context(dir.Path)));
    }

    private static async Task WriteParquetAsync(string path, int rows)
    {
        var field = new DataField<string>("text");
        await using var fs = File.Create(path);
        await using var w = await ParquetWriter.CreateAsync(new ParquetSchema(field), fs);
        using var rg = w.CreateRowGroup();
        await rg.WriteAsync(field, Enumerable.Range(0, rows).Select(i => (string?)$"row {i} of {Path.GetFileName(path)}").ToArray());
    }

    /// <summary>a.parquet and c.parquet of 10 rows each, b.parquet cut in half.</summary>
    private static async Task WriteGoodBadGoodParquetAsync(TempDir dir)
    {
        await WriteParquetAsync(dir.File("a.parquet"), 10);
        await WriteParquetAsync(dir.File("b.parquet"), 10);
        var bytes = File.ReadAllBytes(dir.File("b.parquet"));
        File.WriteAllBytes(dir.File("b.parquet"), bytes[..(bytes.Length / 2)]);
        await WriteParquetAsync(dir.File("c.parquet"), 10);
    }

    [Fact]
    public async Task ReadParquet_TruncatedFileNextToGoodOnes_FailsNamingItByDefault()
    {
        using var dir = new TempDir();
        await WriteGoodBadGoodParquetAsync(dir);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["*.parquet"] }), Context(dir.Path)));

        Assert.Contains("b.parquet", ex.Message, StringComparison.Ordinal);
        Assert.Contains("on_error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadParquet_TruncatedFileWithSkip_OthersReadErrorCounted()
    {
        using var dir = new TempDir();
        await WriteGoodBadGoodParquetAsync(dir);
        var ctx = Context(dir.Path);

        var docs = await ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["*.parquet"], OnError = "skip" }), ctx);

        Assert.Equal(20, docs.Count);
        Assert.Equal(1, ctx.Stats.ErrorsByReason["parquet:unreadable_file"]);
    }

    [Fact]
    public async Task ReadText_TruncatedGzip_FailsNamingFileUnlessSkip()
    {
        using var dir = new TempDir();
        var gz = GzipBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}\n")));
        File.WriteAllBytes(dir.File("t.txt.gz"), gz[..(gz.Length / 2)]);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new TextSource(new TextSourceOptions { Paths = ["t.txt.gz"], Mode = "line" }), Context(dir.Path)));
        Assert.Contains("t.txt.gz", ex.Message, StringComparison.Ordinal);

        var ctx = Context(dir.Path);
        var docs = await ReadAllAsync(new TextSource(new TextSourceOptions { Paths = ["t.txt.gz"], Mode = "line", OnError = "skip" }), ctx);
        Assert.InRange(docs.Count, 1, 2999);
        Assert.Equal(1, ctx.Stats.Errors);
    }
}
