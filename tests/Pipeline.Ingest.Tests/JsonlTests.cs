using System.IO.Compression;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Ingest.Io;
using Pipeline.Testing;
using static Pipeline.Ingest.Tests.JsonlTestSupport;

namespace Pipeline.Ingest.Tests;

public sealed class JsonlTests
{
    [Fact]
    public async Task ReadAsync_BadLines_ReportedWithFileAndLineAndReadingContinues()
    {
        using var dir = new TempDir();
        var lines = new[]
        {
            """{"id":"a","text":"first"}""",
            """{"id":"b","text":"second""",
            """{"id":"c"}""",
            "",
            """{"id":"d","text":42}""",
            """[1,2]""",
            """{"id":"e","text":"last","metadata":{"lang":"en","n":3}}""",
        };
        File.WriteAllText(dir.File("in.jsonl"), string.Join("\n", lines) + "\n");
        var log = new CaptureLog();
        var ctx = Context(dir.Path, log);
        var docs = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = [dir.File("in.jsonl")], MaxErrorRate = 1 }), ctx);

        Assert.Equal(["a", "e"], docs.Select(d => d.Id));
        Assert.Equal(4, ctx.Stats.Errors);
        Assert.Equal(4, ctx.Stats.ErrorsByReason["jsonl:bad_line"]);
        Assert.Contains(log.Warnings, w => w.Contains("in.jsonl:2: invalid JSON", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("in.jsonl:3: missing text key 'text'", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("in.jsonl:5: 'text' is number", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, w => w.Contains("in.jsonl:6: expected a JSON object", StringComparison.Ordinal));
        Assert.Equal("en", docs[1].Meta.GetString("lang"));
        Assert.Equal(3L, docs[1].Meta.GetLong("n"));
    }

    [Fact]
    public async Task ReadAsync_GzipAndNoIds_IdsFromByteOffsetsOfDecompressedLines()
    {
        using var dir = new TempDir();
        var l1 = """{"body":"héllo wörld"}""";
        var l2 = """{"body":"second","meta":{"k":"v"}}""";
        await using (var fs = File.Create(dir.File("in.jsonl.gz")))
        await using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(l1 + "\r\n" + l2));
        var ctx = Context(dir.Path);
        var step = new JsonlSource(new JsonlSourceOptions { Paths = ["*.jsonl.gz"], TextKey = "body", MetadataKey = "meta", Domain = "corpus" });
        var docs = await ReadAllAsync(step, ctx);

        Assert.Equal(2, docs.Count);
        Assert.Equal("héllo wörld", docs[0].Text);
        long second = Encoding.UTF8.GetByteCount(l1) + 2;
        Assert.Equal(0, docs[0].Source.Offset);
        Assert.Equal(second, docs[1].Source.Offset);
        Assert.Equal("in.jsonl.gz", docs[1].Source.File);
        Assert.Equal(DocumentId.For("in.jsonl.gz", second), docs[1].Id);
        Assert.Equal("v", docs[1].Meta.GetString("k"));
        Assert.Equal("corpus", docs[0].Meta.GetString("domain"));
        Assert.Equal(0, ctx.Stats.Errors);
    }

    [Fact]
    public async Task WriteThenRead_AllFields_RoundTripAndFixedKeyOrder()
    {
        using var dir = new TempDir();
        var meta = Meta.Empty.Set("domain", "x.com").Set("score", 0.5).Set("flags", new[] { "a", "b" })
            .Set("pii_counts", new Dictionary<string, long> { ["email"] = 2 }).Set("ok", true);
        var doc = new Document("id-1", "Text with \"quotes\" and <tags> and ünïcode\nnew line", new SourceRef("crawl.warc.gz", 1234,
            "https://x.com/a", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), "text/html", "<urn:uuid:1>", "byte"), meta);
        var ctx = Context(dir.Path);
        var artifact = await WriteAllAsync(new JsonlSink(new JsonlSinkOptions { Path = dir.File("out.jsonl") }), ctx, [doc]);

        Assert.Equal("documents", artifact.Kind);
        Assert.Equal("jsonl", artifact.Get("format"));
        Assert.Equal("1", artifact.Get("documents"));
        var line = File.ReadAllText(dir.File("out.jsonl"));
        Assert.StartsWith("""{"id":"id-1","text":"Text with \"quotes\" and <tags> and ünïcode\nnew line","metadata":{"domain":"x.com","flags":["a","b"],"ok":true,"pii_counts":{"email":2},"score":0.5},"source":{"file":"crawl.warc.gz","offset":1234,"offset_kind":"byte","url":"https://x.com/a","fetch_time":"2024-05-01T12:00:00.0000000+00:00","content_type":"text/html","record_id":"<urn:uuid:1>"}}""", line, StringComparison.Ordinal);
        Assert.EndsWith("}\n", line, StringComparison.Ordinal);

        var back = Assert.Single(await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = [dir.File("out.jsonl")] }), Context(dir.Path)));
        Assert.Equal(doc.Id, back.Id);
        Assert.Equal(doc.Text, back.Text);
        Assert.Equal(doc.Meta, back.Meta);
        Assert.Equal(doc.Source.Url, back.Source.Url);
        Assert.Equal(doc.Source.FetchTime, back.Source.FetchTime);
        Assert.Equal(doc.Source.RecordId, back.Source.RecordId);
        Assert.Equal("out.jsonl", back.Source.File);
        Assert.Equal(0, back.Source.Offset);
    }

    [Fact]
    public async Task WriteAsync_GzipTwice_IdenticalBytesAndReadable()
    {
        using var dir = new TempDir();
        var gen = new Synthetic.SyntheticWebGenerator(new Synthetic.SyntheticWebOptions { Seed = 3 });
        var docs = Enumerable.Range(0, 300).Select(i => gen.Generate(i)).ToList();
        await WriteAllAsync(new JsonlSink(new JsonlSinkOptions { Path = dir.File("a.jsonl.gz") }), Context(dir.Path), docs);
        await WriteAllAsync(new JsonlSink(new JsonlSinkOptions { Path = dir.File("b.jsonl.gz") }), Context(dir.Path), docs);

        var a = File.ReadAllBytes(dir.File("a.jsonl.gz"));
        Assert.Equal(0x1f, a[0]);
        Assert.Equal(0, BitConverter.ToInt32(a, 4)); // gzip MTIME is zero: no timestamp in the bytes
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.jsonl.gz")));
        var back = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = [dir.File("a.jsonl.gz")] }), Context(dir.Path));
        Assert.Equal(docs.Select(d => d.Text), back.Select(d => d.Text));
        Assert.Equal(docs.Select(d => d.Id), back.Select(d => d.Id));
        Assert.False(File.Exists(dir.File("a.jsonl.gz") + $".tmp-{Environment.ProcessId}"));
    }
}
