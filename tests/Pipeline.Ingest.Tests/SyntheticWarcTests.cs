using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Ingest.Synthetic;
using Pipeline.Testing;

namespace Pipeline.Ingest.Tests;

public sealed class SyntheticWarcTests
{
    private sealed record WarcRecord(Dictionary<string, string> Headers, byte[] Block);

    [Fact]
    public async Task RunAsync_Pages_OneGzipMemberPerRecordWithValidHeadersAndDigests()
    {
        using var dir = new TempDir();
        var options = new SyntheticWarcOptions { Path = dir.File("crawl.warc.gz"), Count = 25, Seed = 6, OptOutRate = 0.5, LicenceRate = 0.5 };
        var artifacts = await new SyntheticWarcStep(options).RunAsync(JsonlTestSupport.Context(dir.Path), CancellationToken.None);
        var artifact = Assert.Single(artifacts);
        Assert.Equal("warc", artifact.Kind);
        Assert.Equal("51", artifact.Get("records"));

        var bytes = File.ReadAllBytes(dir.File("crawl.warc.gz"));
        var members = SplitMembers(bytes);
        Assert.Equal(51, members.Count);
        var records = members.Select(m => Parse(Gunzip(m))).ToList();

        Assert.Equal("warcinfo", records[0].Headers["WARC-Type"]);
        var gen = new SyntheticWebGenerator(options.ToGeneratorOptions());
        for (int i = 0; i < 25; i++)
        {
            var request = records[1 + 2 * i];
            var response = records[2 + 2 * i];
            var doc = gen.Generate(i);
            Assert.Equal("request", request.Headers["WARC-Type"]);
            Assert.Equal("response", response.Headers["WARC-Type"]);
            Assert.Equal(doc.Source.Url, response.Headers["WARC-Target-URI"]);
            Assert.Equal(response.Headers["WARC-Record-ID"], request.Headers["WARC-Concurrent-To"]);
            Assert.Matches(@"^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$", response.Headers["WARC-Record-ID"]);
            Assert.Equal(doc.Source.FetchTime!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), response.Headers["WARC-Date"]);
            Assert.Equal("application/http; msgtype=response", response.Headers["Content-Type"]);

            var block = response.Block;
            int split = IndexOf(block, "\r\n\r\n"u8.ToArray());
            var http = Encoding.ASCII.GetString(block, 0, split).Split("\r\n");
            var payload = block[(split + 4)..];
            Assert.Equal("HTTP/1.1 200 OK", http[0]);
            Assert.Contains("Content-Type: text/html; charset=utf-8", http);
            Assert.Contains($"Content-Length: {payload.Length}", http);
            Assert.Equal(doc.Text, Encoding.UTF8.GetString(payload));
            Assert.Equal("sha1:" + Base32(SHA1.HashData(payload)), response.Headers["WARC-Payload-Digest"]);
            Assert.Equal("sha1:" + Base32(SHA1.HashData(block)), response.Headers["WARC-Block-Digest"]);
            Assert.StartsWith("GET /", Encoding.ASCII.GetString(request.Block), StringComparison.Ordinal);
        }
        Assert.Contains(records, r => r.Block.Length > 0 && Encoding.UTF8.GetString(r.Block).Contains("X-Robots-Tag: noai", StringComparison.Ordinal));

        // same options, same bytes
        var again = new SyntheticWarcOptions { Path = dir.File("again.warc.gz"), Count = 25, Seed = 6, OptOutRate = 0.5, LicenceRate = 0.5 };
        await new SyntheticWarcStep(again).RunAsync(JsonlTestSupport.Context(dir.Path), CancellationToken.None);
        var b2 = File.ReadAllBytes(dir.File("again.warc.gz"));
        // the warcinfo record names its file; everything after it is identical
        Assert.Equal(bytes[members[0].Length..], b2[SplitMembers(b2)[0].Length..]);
    }

    /// <summary>Gzip members start with 1f 8b 08 and flags/mtime zero; each must inflate to exactly one record.</summary>
    private static List<byte[]> SplitMembers(byte[] bytes)
    {
        var starts = new List<int>();
        for (int i = 0; i + 8 <= bytes.Length; i++)
            if (bytes[i] == 0x1f && bytes[i + 1] == 0x8b && bytes[i + 2] == 8 && bytes[i + 3] == 0 && bytes[i + 4] == 0 && bytes[i + 5] == 0 && bytes[i + 6] == 0 && bytes[i + 7] == 0)
                starts.Add(i);
        starts.Add(bytes.Length);
        return starts.Zip(starts.Skip(1), (a, b) => bytes[a..b]).ToList();
    }

    private static byte[] Gunzip(byte[] member)
    {
        using var gz = new GZipStream(new MemoryStream(member), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static WarcRecord Parse(byte[] record)
    {
        int end = IndexOf(record, "\r\n\r\n"u8.ToArray());
        var lines = Encoding.UTF8.GetString(record, 0, end).Split("\r\n");
        Assert.Equal("WARC/1.1", lines[0]);
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        int length = int.Parse(headers["Content-Length"]);
        Assert.Equal(end + 4 + length + 4, record.Length);
        Assert.Equal("\r\n\r\n"u8.ToArray(), record[^4..]);
        return new WarcRecord(headers, record[(end + 4)..(end + 4 + length)]);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static string Base32(byte[] data)
    {
        const string a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(data.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        bits = bits.PadRight((bits.Length + 4) / 5 * 5, '0');
        return string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => a[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }
}
