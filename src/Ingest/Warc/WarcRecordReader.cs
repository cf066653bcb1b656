using System.Globalization;

namespace Pipeline.Ingest.Warc;

/// <summary>
/// Reads WARC records (1.0, 1.1, 0.18) one at a time from a <see cref="WarcByteSource"/>. Bad records are reported through
/// the error callback with a reason and byte offset; reading resumes at the next record (next gzip member, or the next
/// line starting "WARC/"). Blocks of wanted types up to <c>maxBlockBytes</c> are read into memory; others are skipped.
/// </summary>
internal sealed class WarcRecordReader(WarcByteSource source, Func<string, bool> wantType, long maxBlockBytes, Action<WarcFormatException> onError)
{
    private const int MaxLine = 16 * 1024;
    private const int MaxHeaderLines = 512;
    private static readonly byte[] WarcMagic = "WARC/"u8.ToArray();
    private bool _first = true;

    /// <summary>Records skipped because their block exceeded the size limit.</summary>
    public long TooLarge { get; private set; }

    /// <summary>The next record, or null at the end of the file.</summary>
    public WarcRecord? Next()
    {
        while (true)
        {
            try
            {
                var rec = ReadOne(out bool retry);
                if (rec is not null || !retry) return rec;
            }
            catch (WarcFormatException ex)
            {
                onError(ex);
                if (ex.Reason == "warc:not_warc") return null;
            }
        }
    }

    private WarcRecord? ReadOne(out bool retry)
    {
        retry = false;
        // Blank lines between records are tolerated.
        while (source.Peek() is '\r' or '\n') source.ReadByte();
        if (source.Peek() < 0) return null;
        bool memberStart = source.AtMemberStart;
        long offset = source.RecordOffset();
        long recordStart = source.Position;
        bool first = _first;
        _first = false;
        var version = source.ReadLine(64, out _);
        if (version is null) return null;
        if (!version.StartsWith("WARC/", StringComparison.Ordinal))
        {
            if (first && (version.StartsWith("filedesc://", StringComparison.Ordinal) || !LooksLikeText(version)))
                throw new WarcFormatException("warc:not_warc",
                    version.StartsWith("filedesc://", StringComparison.Ordinal)
                        ? "this is an ARC file, not WARC; convert it to WARC (e.g. with warcio) or leave it out of the paths"
                        : "this file does not start with a WARC record (no 'WARC/' version line); check that it is a WARC file", offset);
            Resync(memberStart, recordStart);
            retry = true;
            throw new WarcFormatException("warc:bad_version_line", $"expected a 'WARC/1.x' version line, found '{Clip(version)}'; skipping to the next record", offset);
        }
        var headers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = source.ReadLine(MaxLine, out bool tooLong);
            if (line is null) throw new WarcFormatException("warc:truncated_record", "the file ends inside the record's WARC headers", offset);
            if (line.Length == 0) break;
            if (tooLong || headers.Count >= MaxHeaderLines)
            {
                Resync(memberStart, recordStart);
                throw new WarcFormatException("warc:bad_header", "WARC header block is too long; skipping to the next record", offset);
            }
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var prev = headers[^1];
                headers[^1] = new(prev.Key, prev.Value + " " + line.Trim());
                continue;
            }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                Resync(memberStart, recordStart);
                throw new WarcFormatException("warc:bad_header", $"WARC header line has no name ('{Clip(line)}'); skipping to the next record", offset);
            }
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        string? type = null, lengthText = null;
        foreach (var kv in headers)
        {
            if (type is null && kv.Key.Equals("WARC-Type", StringComparison.OrdinalIgnoreCase)) type = kv.Value.ToLowerInvariant();
            if (lengthText is null && kv.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) lengthText = kv.Value;
        }
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            Resync(memberStart, recordStart);
            throw new WarcFormatException("warc:bad_content_length",
                lengthText is null ? "WARC record has no Content-Length; skipping to the next record" : $"WARC Content-Length '{Clip(lengthText)}' is not a number; skipping to the next record", offset);
        }
        type ??= "unknown";
        byte[]? block = null;
        if (wantType(type) && length <= maxBlockBytes)
        {
            block = GC.AllocateUninitializedArray<byte>((int)length);
            int got = source.Read(block);
            if (got < length)
                throw new WarcFormatException(source.IsGzip && source.AtMemberStart ? "warc:bad_content_length" : "warc:truncated_record",
                    $"record block is cut short: Content-Length says {length} bytes, only {got} follow", offset);
        }
        else
        {
            if (wantType(type)) TooLarge++;
            long got = source.Skip(length);
            if (got < length)
                throw new WarcFormatException("warc:truncated_record", $"record block is cut short: Content-Length says {length} bytes, only {got} follow", offset);
        }
        CheckRecordEnd(offset, length, memberStart, recordStart);
        return new WarcRecord(version, type, offset, length, headers, block);
    }

    /// <summary>After the block: CRLF CRLF, then the next record, the end of the member, or the end of the file.</summary>
    private void CheckRecordEnd(long offset, long length, bool memberStart, long recordStart)
    {
        int newlines = 0;
        while (newlines < 64 && source.Peek() is '\r' or '\n') { source.ReadByte(); newlines++; }
        int next = source.Peek();
        if (next < 0 || source.AtMemberStart || (newlines > 0 && source.PeekIs(WarcMagic))) return;
        Resync(memberStart, recordStart);
        throw new WarcFormatException("warc:bad_content_length",
            $"no record boundary after Content-Length {length} bytes (the length is wrong or the record is corrupt); record dropped, skipping to the next record", offset);
    }

    /// <summary>Moves to the next plausible record start: the next gzip member when records are one per member, else the next line starting "WARC/".</summary>
    private void Resync(bool memberStart, long recordStart)
    {
        if (memberStart && source.SkipToNextMember()) return;
        source.TrySeek(recordStart + 1);
        bool lineStart = false;
        while (true)
        {
            int b = source.Peek();
            if (b < 0) return;
            if (lineStart && b == 'W' && source.PeekIs(WarcMagic)) return;
            source.ReadByte();
            lineStart = b == '\n';
        }
    }

    private static bool LooksLikeText(string s)
    {
        foreach (char c in s) if (c < 0x09 || (c > 0x0D && c < 0x20)) return false;
        return true;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
