using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Pipeline.Ingest.Warc;

/// <summary>
/// The uncompressed bytes of a WARC file, read through a fixed buffer (memory does not grow with the file).
/// Plain files are read as they are. Gzip files are read member by member with a raw inflater; the end of each member
/// is found exactly from its trailer (CRC-32 + length), so every record that starts a member gets that member's
/// compressed offset. A corrupt member is skipped to the next gzip header; a truncated one ends the file.
/// Both raise <see cref="WarcFormatException"/> once, then reading goes on.
/// </summary>
internal sealed class WarcByteSource : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly FileStream _file;
    private readonly CountingStream _counting;
    private readonly long _fileLength;
    private byte[] _buf = new byte[BufferSize];
    private int _pos;
    private int _len;
    private long _bufStart; // uncompressed position of _buf[0]
    private bool _eof;

    // gzip state
    private DeflateStream? _inflater;
    private readonly Crc32 _crc = new();
    private long _memberLength;
    private long _memberStart = -1;          // compressed offset of the current member
    private long _memberDataStart = -1;      // uncompressed position where it begins
    private long _resyncFrom = -1;           // compressed offset to scan for the next member from
    private long _prevMemberStart = -1;      // the member before the current one (its bytes may still be buffered)
    private long _prevMemberDataStart = -1;
    private long _failedDataStart = -1;
    private long _watchFrom = -1;            // see WatchMembersAfter
    private (long Compressed, long Data) _watched = (-1, -1);      // uncompressed start of a member that just failed (its buffered bytes are dropped)

    public WarcByteSource(string path)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _fileLength = _file.Length;
        _counting = new CountingStream(_file);
        Span<byte> head = stackalloc byte[4];
        int n = RandomAccess.Read(_file.SafeFileHandle, head, 0);
        if (n >= 2 && head[0] == 0x1F && head[1] == 0x8B) Format = "warc.gz";
        else if (n >= 4 && head[0] == 0x04 && head[1] == 0x22 && head[2] == 0x4D && head[3] == 0x18) Format = "warc.lz4";
        else Format = "warc";
    }

    /// <summary>"warc", "warc.gz" or "warc.lz4" (unsupported) from the first bytes.</summary>
    public string Format { get; }

    public bool IsGzip => Format == "warc.gz";

    public long FileLength => _fileLength;

    /// <summary>Bytes of the file read so far (compressed bytes for gzip): progress through the file.</summary>
    public long FilePosition => _file.Position;

    /// <summary>Uncompressed position of the next byte.</summary>
    public long Position => _bufStart + _pos;

    /// <summary>The offset to cite for a record starting at <see cref="Position"/>: its gzip member's offset when it starts one, else the uncompressed position.</summary>
    public long RecordOffset()
    {
        if (!Ensure(1)) return Position;
        return IsGzip && Position == _memberDataStart ? _memberStart : Position;
    }

    /// <summary>True when the record starting now begins a gzip member.</summary>
    public bool AtMemberStart => IsGzip && Ensure(1) && Position == _memberDataStart;

    public int Peek() => Ensure(1) ? _buf[_pos] : -1;

    public int ReadByte() => Ensure(1) ? _buf[_pos++] : -1;

    /// <summary>True when the next bytes equal <paramref name="expected"/> (does not consume).</summary>
    public bool PeekIs(ReadOnlySpan<byte> expected) => Ensure(expected.Length) && _buf.AsSpan(_pos, expected.Length).SequenceEqual(expected);

    /// <summary>Reads up to <paramref name="dest"/>.Length bytes; fewer only at the end of the data.</summary>
    public int Read(Span<byte> dest)
    {
        int total = 0;
        while (total < dest.Length)
        {
            if (!Ensure(1)) break;
            int n = Math.Min(dest.Length - total, _len - _pos);
            _buf.AsSpan(_pos, n).CopyTo(dest[total..]);
            _pos += n;
            total += n;
        }
        return total;
    }

    /// <summary>Reads what is buffered (filling the buffer once when empty), at most <paramref name="dest"/>.Length bytes; 0 at the end.</summary>
    public int ReadSome(Span<byte> dest)
    {
        if (dest.IsEmpty || !Ensure(1)) return 0;
        int n = Math.Min(dest.Length, _len - _pos);
        _buf.AsSpan(_pos, n).CopyTo(dest);
        _pos += n;
        return n;
    }

    /// <summary>Skips up to <paramref name="count"/> bytes; returns how many were skipped.</summary>
    public long Skip(long count)
    {
        long done = 0;
        while (done < count)
        {
            if (!Ensure(1)) break;
            int n = (int)Math.Min(count - done, _len - _pos);
            _pos += n;
            done += n;
        }
        return done;
    }

    /// <summary>
    /// Starts watching for the first gzip member that begins after <paramref name="position"/> (a record's start), so that
    /// <see cref="SkipToNextMember"/> can go back to it however far reading went on.
    /// </summary>
    public void WatchMembersAfter(long position)
    {
        _watchFrom = position;
        _watched = _memberDataStart > position ? (_memberStart, _memberDataStart) : (-1, -1);
    }

    /// <summary>Uncompressed start of the first member that began after the watched position (<see cref="WatchMembersAfter"/>); -1 when none yet.</summary>
    public long WatchedMemberStart => _watched.Data;

    /// <summary>Where to restart decompression to reach <paramref name="position"/> again: the (compressed, uncompressed) start of the gzip member holding it; (-1, -1) when unknown.</summary>
    public (long Compressed, long Data) MemberOf(long position)
    {
        if (!IsGzip) return (-1, -1);
        if (_memberDataStart >= 0 && position >= _memberDataStart) return (_memberStart, _memberDataStart);
        if (_prevMemberDataStart >= 0 && position >= _prevMemberDataStart) return (_prevMemberStart, _prevMemberDataStart);
        return (-1, -1);
    }

    /// <summary>
    /// Gzip: goes back to <paramref name="target"/> by decompressing again from the start of the member that holds it
    /// (<see cref="MemberOf"/>). Plain files: seeks. False when that is not possible.
    /// </summary>
    public bool Rewind((long Compressed, long Data) member, long target)
    {
        if (!IsGzip) return TrySeek(target);
        if (member.Compressed < 0 || target < member.Data) return false;
        DropInflater();
        _counting.MoveTo(member.Compressed);
        _bufStart = member.Data;
        _pos = _len = 0;
        _eof = false;
        _resyncFrom = -1;
        _memberDataStart = -1;
        Skip(target - member.Data);
        return true;
    }

    /// <summary>Reads one line (up to LF; trailing CRs removed) as Latin-1, or null at the end. Lines longer than <paramref name="max"/> bytes are cut and the rest discarded.</summary>
    public string? ReadLine(int max, out bool tooLong)
    {
        tooLong = false;
        if (!Ensure(1)) return null;
        var sb = new System.Text.StringBuilder();
        while (Ensure(1))
        {
            var span = _buf.AsSpan(_pos, _len - _pos);
            int lf = span.IndexOf((byte)'\n');
            int take = lf >= 0 ? lf : span.Length;
            int room = Math.Max(0, max - sb.Length);
            if (take > room) tooLong = true;
            for (int i = 0; i < Math.Min(take, room); i++) sb.Append((char)span[i]);
            _pos += lf >= 0 ? lf + 1 : take;
            if (lf >= 0) break;
        }
        int end = sb.Length;
        while (end > 0 && sb[end - 1] == '\r') end--;
        sb.Length = end;
        return sb.ToString();
    }

    /// <summary>Plain files: moves back (or forward) to <paramref name="position"/>. Returns false for gzip files.</summary>
    public bool TrySeek(long position)
    {
        if (IsGzip) return false;
        _file.Seek(Math.Clamp(position, 0, _fileLength), SeekOrigin.Begin);
        _bufStart = Math.Clamp(position, 0, _fileLength);
        _pos = _len = 0;
        _eof = false;
        return true;
    }

    /// <summary>
    /// Gzip: moves to the first member that starts after <paramref name="recordStart"/> (going back to it when reading
    /// already went past its start), so that the next read starts that member. Returns false for plain files.
    /// </summary>
    public bool SkipToNextMember(long recordStart)
    {
        if (!IsGzip) return false;
        if (_watchFrom == recordStart && _watched.Data > recordStart)
        {
            var next = _watched;
            if (next.Data >= Position && next.Data <= _bufStart + _len)
            {
                _pos = (int)(next.Data - _bufStart);
                return true;
            }
            if (next.Data < Position) return Rewind(next, next.Data);
        }
        _bufStart += _len;
        _pos = _len = 0;
        while (_inflater is not null)
        {
            int n = InflateInto(_buf.AsSpan());
            if (n == 0) break;
            _bufStart += n;
        }
        return true;
    }

    /// <summary>Makes at least <paramref name="need"/> bytes available unless the data ends first.</summary>
    private bool Ensure(int need)
    {
        if (_len - _pos >= need) return true;
        if (_eof) return false;
        if (_pos > 0)
        {
            int rest = _len - _pos;
            Buffer.BlockCopy(_buf, _pos, _buf, 0, rest);
            _bufStart += _pos;
            _len = rest;
            _pos = 0;
        }
        if (need > _buf.Length) Array.Resize(ref _buf, need);
        while (_len < need)
        {
            int n;
            try
            {
                n = IsGzip ? FillGzip(_buf.AsSpan(_len)) : _file.Read(_buf, _len, _buf.Length - _len);
            }
            catch (WarcFormatException)
            {
                DropFailedMember();
                throw;
            }
            if (n == 0) { _eof = true; return _len - _pos >= need; }
            _len += n;
        }
        return true;
    }

    /// <summary>After a member failed: its bytes still in the buffer are not data (the next byte is the next member's, or the end).</summary>
    private void DropFailedMember()
    {
        long failed = _failedDataStart;
        _failedDataStart = -1;
        if (failed < 0) return;
        long keep = failed - _bufStart;
        _len = keep <= _pos ? _pos : (int)Math.Min(keep, _len);
    }

    private int FillGzip(Span<byte> dest)
    {
        while (true)
        {
            if (_inflater is null && !StartMember()) return 0;
            int n = InflateInto(dest);
            if (n > 0) return n;
        }
    }

    /// <summary>Reads from the current member; at its end, finishes it (returns 0) so the next call starts the next member.</summary>
    private int InflateInto(Span<byte> dest)
    {
        int n;
        try
        {
            n = _inflater!.Read(dest);
        }
        catch (InvalidDataException ex)
        {
            long start = _memberStart;
            DropInflater();
            _resyncFrom = start + 1;
            _failedDataStart = _memberDataStart;
            throw new WarcFormatException("warc:corrupt_gzip", $"gzip member is corrupt ({ex.Message}); skipping to the next gzip member", start);
        }
        if (n > 0)
        {
            _crc.Append(dest[..n]);
            _memberLength += n;
            return n;
        }
        FinishMember();
        return 0;
    }

    private void FinishMember()
    {
        long start = _memberStart;
        long handed = _counting.Handed;
        long lo = Math.Max(start, _counting.LastReadStart - 8);
        long hi = Math.Min(_fileLength, handed + 8);
        uint crc = _crc.GetCurrentHashAsUInt32();
        uint size = unchecked((uint)_memberLength);
        DropInflater();
        var window = new byte[(int)Math.Max(0, hi - lo)];
        int got = RandomAccess.Read(_file.SafeFileHandle, window, lo);
        for (int p = 0; p + 8 <= got; p++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(window.AsSpan(p)) == crc && BinaryPrimitives.ReadUInt32LittleEndian(window.AsSpan(p + 4)) == size)
            {
                _counting.MoveTo(lo + p + 8);
                return;
            }
        }
        _failedDataStart = _memberDataStart;
        if ((handed >= _fileLength || _counting.HitEnd) && FindMagic(start + 1) < 0)
        {
            _counting.MoveTo(_fileLength);
            _resyncFrom = -1;
            _eof = true;
            throw new WarcFormatException("warc:truncated_gzip",
                $"gzip member is truncated: the file ends at byte {_fileLength} before the member's end (the file was cut short; re-fetch or drop it)", start);
        }
        _resyncFrom = start + 1;
        throw new WarcFormatException("warc:corrupt_gzip", "gzip member trailer (CRC-32/length) does not match its data; skipping to the next gzip member", start);
    }

    private void DropInflater()
    {
        _inflater?.Dispose();
        _inflater = null;
    }

    /// <summary>Parses the next gzip member header and opens an inflater on its data. False at the end of the file.</summary>
    private bool StartMember()
    {
        _failedDataStart = -1;
        if (_resyncFrom >= 0)
        {
            long next = FindMagic(_resyncFrom);
            _resyncFrom = -1;
            if (next < 0) { _counting.MoveTo(_fileLength); return false; }
            _counting.MoveTo(next);
        }
        long at = _counting.Handed;
        if (at >= _fileLength) return false;
        int b0 = _counting.ReadByte(), b1 = _counting.ReadByte();
        if (b0 < 0) return false;
        if (b0 != 0x1F || b1 != 0x8B)
        {
            // Some writers pad with zeros or newlines after the last member: trailing junk of that kind ends the file quietly.
            if (OnlyPaddingFrom(at)) { _counting.MoveTo(_fileLength); return false; }
            _resyncFrom = at + 1;
            throw new WarcFormatException("warc:gzip_junk", "bytes between gzip members are not a gzip header; skipping to the next gzip member", at);
        }
        int cm = _counting.ReadByte(), flg = _counting.ReadByte();
        for (int i = 0; i < 6; i++) _counting.ReadByte(); // mtime, xfl, os
        if (cm != 8 || flg < 0)
        {
            _resyncFrom = at + 1;
            throw new WarcFormatException("warc:corrupt_gzip", $"gzip header has compression method {cm}, not deflate; skipping to the next gzip member", at);
        }
        if ((flg & 4) != 0)
        {
            int xlen = _counting.ReadByte() | (_counting.ReadByte() << 8);
            for (int i = 0; i < xlen; i++) _counting.ReadByte();
        }
        if ((flg & 8) != 0) while (_counting.ReadByte() > 0) { }
        if ((flg & 16) != 0) while (_counting.ReadByte() > 0) { }
        if ((flg & 2) != 0) { _counting.ReadByte(); _counting.ReadByte(); }
        if (_counting.HitEnd)
        {
            _eof = true;
            throw new WarcFormatException("warc:truncated_gzip", "gzip header is truncated at the end of the file", at);
        }
        _prevMemberStart = _memberStart;
        _prevMemberDataStart = _memberDataStart;
        _memberStart = at;
        _memberDataStart = _bufStart + _len;
        if (_watchFrom >= 0 && _watched.Data < 0 && _memberDataStart > _watchFrom) _watched = (at, _memberDataStart);
        _memberLength = 0;
        _crc.Reset();
        _inflater = new DeflateStream(_counting, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    private bool OnlyPaddingFrom(long at)
    {
        if (_fileLength - at > 4096) return false;
        var rest = new byte[_fileLength - at];
        int n = RandomAccess.Read(_file.SafeFileHandle, rest, at);
        return rest.AsSpan(0, n).IndexOfAnyExcept((ReadOnlySpan<byte>)[0, (byte)'\r', (byte)'\n', (byte)' ']) < 0;
    }

    private long FindMagic(long from)
    {
        var chunk = new byte[64 * 1024];
        long at = from;
        while (at < _fileLength)
        {
            int n = RandomAccess.Read(_file.SafeFileHandle, chunk, at);
            if (n < 3) return -1;
            var span = chunk.AsSpan(0, n);
            int i = 0;
            while (true)
            {
                int k = span[i..].IndexOf((byte)0x1F);
                if (k < 0) break;
                int p = i + k;
                if (p + 2 >= n) { break; }
                if (span[p + 1] == 0x8B && span[p + 2] == 0x08) return at + p;
                i = p + 1;
            }
            at += n - 2;
        }
        return -1;
    }

    public void Dispose()
    {
        DropInflater();
        _counting.Dispose();
        _file.Dispose();
    }
}
