using System.Globalization;

namespace Pipeline.Ingest.Warc;

/// <summary>
/// Reads WARC records (1.0, 1.1, 0.18) one at a time from a <see cref="WarcByteSource"/>. Bad records are reported through
/// the error callback with a reason and byte offset; reading resumes at the next record (next gzip member, or the next
/// "WARC/" after the bad record's start: a length is never trusted past a member or the file, and a complete
/// record is never dropped because of what follows it). Blocks of wanted types up to <c>maxBlockBytes</c> are read into
/// memory; others are skipped.
/// </summary>
internal sealed class WarcRecordReader(WarcByteSource source, Func<string, bool> wantType, long maxBlockBytes, Action<WarcFormatException> onError)
{
    private const int MaxLine = 16 * 1024;
    private const int MaxHeaderLines = 512;
    private static readonly byte[] WarcMagic = "WARC/"u8.ToArray();
    private bool _first = true;
    private WarcFormatException? _pending;
    private readonly HashSet<(string, long)> _reported = [];

    /// <summary>Records skipped because their block exceeded the size limit.</summary>
    public long TooLarge { get; private set; }

    /// <summary>The next record, or null at the end of the file.</summary>
    public WarcRecord? Next()
    {
        while (true)
        {
            if (_pending is { } pending)
            {
                _pending = null;
                Report(pending);
            }
            try
            {
                var rec = ReadOne(out bool retry);
                if (rec is not null || !retry) return rec;
            }
            catch (WarcFormatException ex)
            {
                Report(ex);
                if (ex.Reason == "warc:not_warc") return null;
            }
        }
    }

    /// <summary>Reports an error once: going back over damaged gzip data after a bad record meets the same damage again.</summary>
    private void Report(WarcFormatException ex)
    {
        if (IsContainerError(ex.Reason) && !_reported.Add((ex.Reason, ex.Offset))) return;
        onError(ex);
    }

    /// <summary>Errors of the compressed container (not of one record's WARC structure).</summary>
    internal static bool IsContainerError(string reason) => reason is "warc:corrupt_gzip" or "warc:truncated_gzip" or "warc:gzip_junk";

    private WarcRecord? ReadOne(out bool retry)
    {
        retry = false;
        // Blank lines between records are tolerated.
        while (source.Peek() is '\r' or '\n') source.ReadByte();
        if (source.Peek() < 0) return null;
        bool memberStart = source.AtMemberStart;
        long offset = source.RecordOffset();
        long recordStart = source.Position;
        var member = source.MemberOf(recordStart);
        source.WatchMembersAfter(recordStart);
        bool first = _first;
        _first = false;
        var version = source.ReadLine(64, out _);
        if (version is null) return null;
        if (!version.StartsWith("WARC/", StringComparison.Ordinal))
        {
            bool arc = version.StartsWith("filedesc://", StringComparison.Ordinal);
            if (first && (arc || !LooksLikeText(version)))
            {
                // Not a WARC file at all, unless a record start follows (then only the first record is damaged).
                Resync(memberStart, recordStart, member);
                if (arc || source.Peek() < 0)
                    throw new WarcFormatException("warc:not_warc",
                        arc ? "this is an ARC file, not WARC; convert it to WARC (e.g. with warcio) or leave it out of the paths"
                            : "this file does not start with a WARC record (no 'WARC/' version line); check that it is a WARC file", offset);
            }
            else Resync(memberStart, recordStart, member);
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
                Resync(memberStart, recordStart, member);
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
                Resync(memberStart, recordStart, member);
                throw new WarcFormatException("warc:bad_header", $"WARC header line has no name ('{Clip(line)}'); skipping to the next record", offset);
            }
            var name = line[..colon].Trim();
            if (line.Contains("WARC/1.", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(line, @"WARC/1\.[01]$")
                || IsUnique(name) && headers.Exists(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                // a record cut inside its headers with the next record right after it: never merge the two
                Resync(memberStart, recordStart, member);
                throw new WarcFormatException("warc:bad_header", $"WARC headers run into another record ('{Clip(line)}'); the record is cut short, skipping to the next record", offset);
            }
            headers.Add(new(name, line[(colon + 1)..].Trim()));
        }
        string? type = null, lengthText = null;
        foreach (var kv in headers)
        {
            if (type is null && kv.Key.Equals("WARC-Type", StringComparison.OrdinalIgnoreCase)) type = kv.Value.ToLowerInvariant();
            if (lengthText is null && kv.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) lengthText = kv.Value;
        }
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            Resync(memberStart, recordStart, member);
            throw new WarcFormatException("warc:bad_content_length",
                lengthText is null ? "WARC record has no Content-Length; skipping to the next record" : $"WARC Content-Length '{Clip(lengthText)}' is not a number; skipping to the next record", offset);
        }
        type ??= "unknown";
        if (!source.IsGzip && source.Position + length > source.FileLength)
        {
            Resync(memberStart, recordStart, member);
            throw new WarcFormatException("warc:bad_content_length",
                $"Content-Length {length} runs past the end of the file; record dropped, skipping to the next record", offset);
        }
        byte[]? block = null;
        long got;
        try
        {
            if (wantType(type) && length <= maxBlockBytes)
            {
                block = GC.AllocateUninitializedArray<byte>((int)length);
                got = source.Read(block);
            }
            else got = source.Skip(length);
        }
        catch (WarcFormatException ex) when (IsContainerError(ex.Reason) && ex.Offset != member.Compressed)
        {
            // The length ran into a later, damaged member: this record is bad, the records in between are not.
            Resync(memberStart, recordStart, member);
            throw new WarcFormatException("warc:bad_content_length", $"Content-Length {length} runs into damaged data; record dropped, skipping to the next record", offset);
        }
        if (got < length)
        {
            // The data ended first: the length is wrong (then a later record start is found) or the record was cut.
            Resync(memberStart, recordStart, member);
            throw new WarcFormatException(source.Peek() >= 0 ? "warc:bad_content_length" : "warc:truncated_record",
                $"record block is cut short: Content-Length says {length} bytes, only {got} follow; record dropped", offset);
        }
        if (block is null && wantType(type)) TooLarge++;
        try
        {
            CheckRecordEnd(offset, length, memberStart, recordStart, member);
        }
        catch (WarcFormatException ex) when (IsContainerError(ex.Reason) && ex.Offset != member.Compressed)
        {
            // The record is complete; the damage is in what follows it. Report it on the next read.
            _pending = ex;
        }
        return new WarcRecord(version, type, offset, length, headers, block);
    }

    /// <summary>After the block: CRLF CRLF, then the next record, the end of the member, or the end of the file.</summary>
    private void CheckRecordEnd(long offset, long length, bool memberStart, long recordStart, (long, long) member)
    {
        long blockEnd = source.Position;
        // The block must be followed by its CRLF CRLF; after that, whatever follows (even garbage) is the next read's business.
        if (source.PeekIs("\r\n\r\n"u8) && !(memberStart && MemberEndsWithin(4)))
        {
            source.Skip(4);
            // One record per member: finish the member now, so that a failed CRC-32 check drops this record.
            if (memberStart) source.Peek();
            return;
        }
        int newlines = 0;
        while (newlines < 64 && source.Peek() is '\r' or '\n') { source.ReadByte(); newlines++; }
        int next = source.Peek();
        // A record that starts a gzip member and whose block ran on into later members must end properly: without its
        // CRLF CRLF, a Content-Length that happens to end on a member boundary would swallow whole records.
        bool spanned = memberStart && source.WatchedMemberStart > recordStart && source.WatchedMemberStart < blockEnd;
        if (!spanned && (next < 0 || source.AtMemberStart || (newlines > 0 && source.PeekIs(WarcMagic)))) return;
        if (spanned && newlines >= 2 && (next < 0 || source.AtMemberStart || source.PeekIs(WarcMagic))) return;
        Resync(memberStart, recordStart, member);
        throw new WarcFormatException("warc:bad_content_length",
            $"no record boundary after Content-Length {length} bytes (the length is wrong or the record is corrupt); record dropped, skipping to the next record", offset);
    }

    /// <summary>Moves to the next plausible record start: the next gzip member when records are one per member, else the next line starting "WARC/".</summary>
    private void Resync(bool memberStart, long recordStart, (long Compressed, long Data) member)
    {
        if (memberStart && source.SkipToNextMember(recordStart)) return;
        if (!source.Rewind(member, recordStart + 1) && source.Position <= recordStart) source.Skip(recordStart + 1 - source.Position);
        // "WARC/" counts wherever it is, not only at a line start: garbage or a cut record before the next record need
        // not end with a newline. A false start inside damaged data is only one more bad record, found the same way.
        while (true)
        {
            int b = source.Peek();
            if (b < 0) return;
            if (source.IsGzip && source.AtMemberStart && source.Position > recordStart) return;
            if (b == 'W' && source.PeekIs(WarcMagic)) return;
            source.ReadByte();
        }
    }

    /// <summary>True when the current gzip member ends within the next <paramref name="count"/> bytes (so they are not this record's).</summary>
    private bool MemberEndsWithin(int count)
    {
        var (_, data) = source.MemberOf(source.Position + count);
        return source.IsGzip && data > source.Position && data < source.Position + count;
    }

    private static bool IsUnique(string header) =>
        header.Equals("WARC-Type", StringComparison.OrdinalIgnoreCase) || header.Equals("WARC-Record-ID", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || header.Equals("WARC-Date", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeText(string s)
    {
        foreach (char c in s) if (c < 0x09 || (c > 0x0D && c < 0x20)) return false;
        return true;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
