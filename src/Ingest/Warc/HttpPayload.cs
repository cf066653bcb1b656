using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Ingest.Warc;

/// <summary>An HTTP response inside a WARC <c>response</c> record: status, headers, and the decoded body (de-chunked, decompressed).</summary>
internal sealed class HttpPayload
{
    private HttpPayload(int status, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        Status = status;
        Headers = headers;
        Body = body;
    }

    public int Status { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    /// <summary>First header named <paramref name="name"/>, or null.</summary>
    public string? Header(string name)
    {
        foreach (var kv in Headers) if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
        return null;
    }

    /// <summary>All values of headers named <paramref name="name"/>.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var kv in Headers) if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) yield return kv.Value;
    }

    /// <summary>Parses <paramref name="block"/>. Throws <see cref="WarcFormatException"/> (offset 0; the caller knows the record) on a missing status line,
    /// broken chunking or undecodable content encoding.</summary>
    public static HttpPayload Parse(byte[] block, bool truncated, long maxBodyBytes)
    {
        var span = block.AsSpan();
        int lineEnd = span.IndexOf((byte)'\n');
        var statusLine = Encoding.Latin1.GetString(lineEnd >= 0 ? span[..lineEnd] : span[..Math.Min(span.Length, 80)]).TrimEnd('\r');
        if (!statusLine.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase))
            throw new WarcFormatException("warc:missing_status_line", $"response record has no HTTP status line (starts '{Clip(statusLine)}')", 0);
        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status) || status < 100 || status > 999)
            throw new WarcFormatException("warc:missing_status_line", $"HTTP status line '{Clip(statusLine)}' has no status code", 0);

        var headers = new List<KeyValuePair<string, string>>();
        int pos = lineEnd + 1;
        bool ended = false;
        while (pos < span.Length)
        {
            int nl = span[pos..].IndexOf((byte)'\n');
            int end = nl < 0 ? span.Length : pos + nl;
            var line = Encoding.Latin1.GetString(span[pos..end]).TrimEnd('\r');
            pos = nl < 0 ? span.Length : end + 1;
            if (line.Length == 0) { ended = true; break; }
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                headers[^1] = new(headers[^1].Key, headers[^1].Value + " " + line.Trim());
                continue;
            }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue; // tolerate junk header lines
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        if (!ended && !truncated && pos < span.Length)
            throw new WarcFormatException("warc:bad_http_headers", "HTTP headers do not end with an empty line", 0);
        var msg = new HttpPayload(status, headers, []);
        byte[] body = span[Math.Min(pos, span.Length)..].ToArray();

        var te = msg.Header("Transfer-Encoding");
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)) body = Dechunk(body, truncated);

        var ce = msg.Header("Content-Encoding")?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(ce) && ce != "identity" && body.Length > 0) body = Decompress(body, ce, maxBodyBytes);
        return new HttpPayload(status, headers, body);
    }

    internal static byte[] Dechunk(byte[] data, bool truncated)
    {
        using var outp = new MemoryStream(data.Length);
        int pos = 0;
        while (true)
        {
            int nl = Array.IndexOf(data, (byte)'\n', pos);
            if (nl < 0)
            {
                if (pos == 0) return data;
                if (truncated || pos >= data.Length) break;
                throw new WarcFormatException("warc:bad_chunking", $"chunked body ends without the final 0-size chunk (at body byte {pos})", 0);
            }
            var sizeText = Encoding.Latin1.GetString(data, pos, nl - pos).Trim();
            int semi = sizeText.IndexOf(';', StringComparison.Ordinal);
            if (semi >= 0) sizeText = sizeText[..semi].Trim();
            if (sizeText.Length == 0 && outp.Length > 0) { pos = nl + 1; continue; }
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
            {
                // Many crawlers store the body already de-chunked but keep the header: a body that does not even start
                // with a chunk size is taken as it is. A broken size after valid chunks is an error.
                if (pos == 0) return data;
                throw new WarcFormatException("warc:bad_chunking", $"chunk size '{Clip(sizeText)}' is not hexadecimal (at body byte {pos})", 0);
            }
            pos = nl + 1;
            if (size == 0) break;
            if (pos + size > data.Length)
            {
                if (truncated) { outp.Write(data, pos, data.Length - pos); break; }
                throw new WarcFormatException("warc:bad_chunking", $"chunk of {size} bytes runs past the end of the body (at body byte {pos})", 0);
            }
            outp.Write(data, pos, (int)size);
            pos += (int)size;
            if (pos < data.Length && data[pos] == '\r') pos++;
            if (pos < data.Length && data[pos] == '\n') pos++;
        }
        return outp.ToArray();
    }

    internal static byte[] Decompress(byte[] body, string encoding, long maxBytes)
    {
        Stream? dec = null;
        var input = new MemoryStream(body, writable: false);
        switch (encoding)
        {
            case "gzip" or "x-gzip":
                if (body.Length < 2 || body[0] != 0x1F || body[1] != 0x8B) return body; // stored already decoded
                dec = new GZipStream(input, CompressionMode.Decompress);
                break;
            case "deflate":
                dec = body.Length >= 2 && (body[0] & 0x0F) == 8 && ((body[0] << 8) | body[1]) % 31 == 0
                    ? new ZLibStream(input, CompressionMode.Decompress)
                    : new DeflateStream(input, CompressionMode.Decompress);
                break;
            case "br":
                dec = new BrotliStream(input, CompressionMode.Decompress);
                break;
            default:
                throw new WarcFormatException("warc:bad_content_encoding", $"unsupported Content-Encoding '{Clip(encoding)}'", 0);
        }
        try
        {
            using (dec)
            using (var outp = new MemoryStream())
            {
                var buf = new byte[16384];
                int n;
                while ((n = dec.Read(buf)) > 0)
                {
                    outp.Write(buf, 0, n);
                    if (outp.Length > maxBytes)
                        throw new WarcFormatException("warc:too_large", $"decoded body exceeds {maxBytes} bytes", 0);
                }
                return outp.ToArray();
            }
        }
        catch (InvalidDataException ex)
        {
            throw new WarcFormatException("warc:bad_content_encoding", $"Content-Encoding {encoding} body cannot be decoded: {ex.Message}", 0);
        }
        catch (IOException ex)
        {
            throw new WarcFormatException("warc:bad_content_encoding", $"Content-Encoding {encoding} body cannot be decoded: {ex.Message}", 0);
        }
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
