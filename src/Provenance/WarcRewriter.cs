using System.IO.Compression;
using System.Text;
using Pipeline.Core.Util;

namespace Pipeline.Provenance;

/// <summary>
/// Rewrites a WARC file (plain or gzip, one member per record or one stream) without the records a predicate rejects:
/// every record whose WARC-Target-URI, WARC-Record-ID, WARC-Concurrent-To or WARC-Refers-To names a removed document.
/// Kept records are copied byte for byte; a gzip file gets one gzip member per record. Temporary file + rename.
/// </summary>
internal static class WarcRewriter
{
    /// <summary>The header fields of each record (name → value, first occurrence), in file order, with the record's bytes.</summary>
    public static IEnumerable<(Dictionary<string, string> Headers, byte[] Record)> Records(string path)
    {
        using var file = File.OpenRead(path);
        bool gz = IsGzip(path);
        using Stream input = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var buffered = new BufferedStream(input, 1 << 16);
        while (true)
        {
            var header = ReadHeader(buffered);
            if (header is null) yield break;
            var fields = ParseHeaders(header);
            long length = fields.TryGetValue("content-length", out var cl) && long.TryParse(cl, out var n) && n >= 0
                ? n : throw new InvalidDataException($"{path}: a WARC record without a valid Content-Length; the file was left unchanged");
            var record = new byte[header.Length + length];
            header.CopyTo(record, 0);
            buffered.ReadExactly(record, header.Length, checked((int)length));
            yield return (fields, record);
        }
    }

    /// <summary>Rewrites <paramref name="path"/> without the records <paramref name="remove"/> picks; returns (kept, removed) record counts.</summary>
    public static (long Kept, long Removed) Rewrite(string path, Func<Dictionary<string, string>, bool> remove)
    {
        bool gz = IsGzip(path);
        long kept = 0, removed = 0;
        using var output = new AtomicFile(path);
        foreach (var (headers, record) in Records(path))
        {
            if (remove(headers))
            {
                removed++;
                continue;
            }
            kept++;
            if (gz)
            {
                using var member = new GZipStream(output.Stream, CompressionLevel.Optimal, leaveOpen: true);
                member.Write(record);
                member.Write("\r\n\r\n"u8);
            }
            else
            {
                output.Stream.Write(record);
                output.Stream.Write("\r\n\r\n"u8);
            }
        }
        output.Commit();
        return (kept, removed);
    }

    private static bool IsGzip(string path)
    {
        Span<byte> magic = stackalloc byte[2];
        using var f = File.OpenRead(path);
        return f.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>Skips blank lines, then reads up to and including the blank line that ends a header; null at the end.</summary>
    private static byte[]? ReadHeader(Stream s)
    {
        var ms = new MemoryStream();
        int b, state = 0;
        // skip the CRLFs between records
        while ((b = s.ReadByte()) is '\r' or '\n') { }
        if (b < 0) return null;
        ms.WriteByte((byte)b);
        while ((b = s.ReadByte()) >= 0)
        {
            ms.WriteByte((byte)b);
            state = (state, b) switch
            {
                (0, '\r') or (2, '\r') => state + 1,
                (1, '\n') => 2,
                (3, '\n') => 4,
                (_, '\n') => 2,
                _ => 0,
            };
            if (state == 4) return ms.ToArray();
            if (ms.Length > 1 << 20) throw new InvalidDataException("a WARC header longer than 1 MiB; the file was left unchanged");
        }
        throw new InvalidDataException("a truncated WARC header; the file was left unchanged");
    }

    private static Dictionary<string, string> ParseHeaders(byte[] header)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(header).Split("\r\n").Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            fields.TryAdd(line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim());
        }
        return fields;
    }
}
