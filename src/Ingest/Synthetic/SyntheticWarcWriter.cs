using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Ingest.Synthetic;

/// <summary>
/// Writes WARC/1.1 records, each as its own gzip member (so readers can seek to a record's offset).
/// Dates and record ids are derived from the content, so the same pages give the same bytes.
/// </summary>
internal sealed class SyntheticWarcWriter(Stream output, long seed)
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Records written.</summary>
    public long Records { get; private set; }

    /// <summary>Compressed offset of each response record (for tests and provenance).</summary>
    public long Position => output.Position;

    public void WriteWarcInfo(string fileName, DateTimeOffset date, string fields)
    {
        var body = Utf8.GetBytes(fields);
        var headers = new StringBuilder()
            .Append("WARC-Type: warcinfo\r\n")
            .Append("WARC-Date: ").Append(WarcDate(date)).Append("\r\n")
            .Append("WARC-Filename: ").Append(fileName).Append("\r\n")
            .Append("WARC-Record-ID: ").Append(RecordId("warcinfo", 0)).Append("\r\n")
            .Append("Content-Type: application/warc-fields\r\n");
        WriteRecord(headers, body);
    }

    /// <summary>Writes a request record and a response record (HTTP 200, text/html; charset=utf-8) for one page.</summary>
    public void WritePage(long index, string url, DateTimeOffset fetchTime, string html, bool robotsHeader)
    {
        var uri = new Uri(url);
        string responseId = RecordId("response", index), requestId = RecordId("request", index);
        var request = Utf8.GetBytes(new StringBuilder()
            .Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(uri.Host).Append("\r\n")
            .Append("User-Agent: pipeline-synthetic-crawler/1.0\r\n")
            .Append("Accept: text/html,application/xhtml+xml\r\n")
            .Append("Accept-Encoding: identity\r\n\r\n").ToString());
        WriteRecord(new StringBuilder()
            .Append("WARC-Type: request\r\n")
            .Append("WARC-Target-URI: ").Append(url).Append("\r\n")
            .Append("WARC-Date: ").Append(WarcDate(fetchTime)).Append("\r\n")
            .Append("WARC-Record-ID: ").Append(requestId).Append("\r\n")
            .Append("WARC-Concurrent-To: ").Append(responseId).Append("\r\n")
            .Append("Content-Type: application/http; msgtype=request\r\n"), request);

        var payload = Utf8.GetBytes(html);
        var httpHeaders = new StringBuilder()
            .Append("HTTP/1.1 200 OK\r\n")
            .Append("Date: ").Append(fetchTime.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Server: nginx\r\n")
            .Append("Content-Type: text/html; charset=utf-8\r\n")
            .Append("Content-Length: ").Append(payload.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (robotsHeader) httpHeaders.Append("X-Robots-Tag: noai, noimageai\r\n");
        httpHeaders.Append("Connection: close\r\n\r\n");
        var head = Utf8.GetBytes(httpHeaders.ToString());
        var block = new byte[head.Length + payload.Length];
        head.CopyTo(block, 0);
        payload.CopyTo(block, head.Length);
        WriteRecord(new StringBuilder()
            .Append("WARC-Type: response\r\n")
            .Append("WARC-Target-URI: ").Append(url).Append("\r\n")
            .Append("WARC-Date: ").Append(WarcDate(fetchTime)).Append("\r\n")
            .Append("WARC-Record-ID: ").Append(responseId).Append("\r\n")
            .Append("WARC-Payload-Digest: sha1:").Append(Sha1Base32(payload)).Append("\r\n")
            .Append("WARC-Block-Digest: sha1:").Append(Sha1Base32(block)).Append("\r\n")
            .Append("Content-Type: application/http; msgtype=response\r\n"), block);
    }

    private void WriteRecord(StringBuilder headers, byte[] block)
    {
        var head = Utf8.GetBytes("WARC/1.1\r\n" + headers + "Content-Length: " + block.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
        using (var gz = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(head);
            gz.Write(block);
            gz.Write("\r\n\r\n"u8);
        }
        Records++;
    }

    /// <summary>ISO date with seconds, as WARC-Date wants.</summary>
    public static string WarcDate(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string RecordId(string type, long index)
    {
        Span<byte> key = stackalloc byte[64];
        int n = Encoding.ASCII.GetBytes(type, key);
        BitConverter.TryWriteBytes(key[n..], seed);
        BitConverter.TryWriteBytes(key[(n + 8)..], index);
        Span<byte> g = stackalloc byte[16];
        XxHash128.Hash(key[..(n + 16)], g);
        g[6] = (byte)((g[6] & 0x0F) | 0x40);
        g[8] = (byte)((g[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(g);
        return $"<urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}>";
    }

    /// <summary>SHA-1 in RFC 4648 base32 (the usual WARC digest form).</summary>
    public static string Sha1Base32(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(data, hash);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder(32);
        int buffer = 0, bits = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
