using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Pipeline.Dedup;

/// <summary>
/// The file written by <c>dedup.exact_hashes</c> (one per task, <c>.exhash</c>), little-endian: a 64-byte header
/// (magic "PLEXHSH1", version, task index, task count, records, documents, start of the records, key fingerprint)
/// and the 32-byte DAG hash; then the ids of the hashed documents in input order (uint16 length + UTF-8); then one
/// 24-byte record per hashed document — key hash (high, low 64 bits) and the byte offset of its id — sorted by hash.
/// A bucket task's share (a range of the high 64 bits) is one contiguous read per file; the id offset orders
/// documents of a task in input order and finds their id with one positioned read.
/// </summary>
internal static class ExactHashFile
{
    public const int PreambleSize = 64 + 32;
    public const int RecordSize = 24;
    private static readonly byte[] Magic = "PLEXHSH1"u8.ToArray();

    internal sealed record Header(int TaskIndex, int TaskCount, long Records, long Documents, long RecordsStart, ulong KeyFingerprint, string DagHash);

    /// <summary>Identifies the key and normalisation: files hashed differently must not be compared.</summary>
    public static ulong KeyFingerprint(ExactKeyOptions options) =>
        System.IO.Hashing.XxHash3.HashToUInt64(Encoding.UTF8.GetBytes($"{options.Key}\n{options.Normalize}"));

    public static void WriteHeader(Stream s, Header h)
    {
        Span<byte> b = stackalloc byte[PreambleSize];
        b.Clear();
        Magic.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(b[12..], h.TaskIndex);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], h.TaskCount);
        BinaryPrimitives.WriteInt64LittleEndian(b[20..], h.Records);
        BinaryPrimitives.WriteInt64LittleEndian(b[28..], h.Documents);
        BinaryPrimitives.WriteInt64LittleEndian(b[36..], h.RecordsStart);
        BinaryPrimitives.WriteUInt64LittleEndian(b[44..], h.KeyFingerprint);
        if (h.DagHash.Length == 64) Convert.FromHexString(h.DagHash, b[64..], out _, out _);
        s.Write(b);
    }

    public static Header ReadHeader(SafeFileHandle handle, string path)
    {
        Span<byte> b = stackalloc byte[PreambleSize];
        if (RandomAccess.Read(handle, b, 0) < PreambleSize || !b[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not an exact-dedup hash file (written by dedup.exact_hashes)");
        var h = new Header(BinaryPrimitives.ReadInt32LittleEndian(b[12..]), BinaryPrimitives.ReadInt32LittleEndian(b[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[20..]), BinaryPrimitives.ReadInt64LittleEndian(b[28..]), BinaryPrimitives.ReadInt64LittleEndian(b[36..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[44..]), b[64..].ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(b[64..]) : "");
        if (RandomAccess.GetLength(handle) != h.RecordsStart + h.Records * RecordSize)
            throw new InvalidDataException($"{path}: truncated ({RandomAccess.GetLength(handle)} bytes); rerun the task that wrote it");
        return h;
    }

    /// <summary>First record whose hash's high 64 bits are ≥ <paramref name="high"/>.</summary>
    public static long LowerBound(SafeFileHandle handle, Header h, ulong high)
    {
        long lo = 0, hi = h.Records;
        Span<byte> x = stackalloc byte[8];
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            RandomAccess.Read(handle, x, h.RecordsStart + mid * RecordSize);
            if (BinaryPrimitives.ReadUInt64LittleEndian(x) < high) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Reads records [from, to) into hashes and id offsets at <paramref name="at"/>.</summary>
    public static void ReadRange(SafeFileHandle handle, Header h, long from, long to, UInt128[] hashes, long[] offsets, int at)
    {
        var buf = new byte[RecordSize * 8192];
        for (long i = from; i < to;)
        {
            int take = (int)Math.Min(to - i, 8192);
            if (RandomAccess.Read(handle, buf.AsSpan(0, take * RecordSize), h.RecordsStart + i * RecordSize) < take * RecordSize)
                throw new InvalidDataException("exact hash file truncated; rerun the task that wrote it");
            for (int j = 0; j < take; j++)
            {
                var r = buf.AsSpan(j * RecordSize);
                hashes[at + i - from + j] = new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(r), BinaryPrimitives.ReadUInt64LittleEndian(r[8..]));
                offsets[at + i - from + j] = BinaryPrimitives.ReadInt64LittleEndian(r[16..]);
            }
            i += take;
        }
    }

    /// <summary>The id stored at <paramref name="offset"/>.</summary>
    public static string ReadId(SafeFileHandle handle, long offset)
    {
        Span<byte> len = stackalloc byte[2];
        RandomAccess.Read(handle, len, offset);
        var bytes = new byte[BinaryPrimitives.ReadUInt16LittleEndian(len)];
        RandomAccess.Read(handle, bytes, offset + 2);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Name of the removal list of stage-1 task <paramref name="task"/> written by bucket task <paramref name="share"/> of <paramref name="shares"/>.</summary>
    public static string RemovalsName(string taskSuffix, int share, int shares) => $"exact{taskSuffix}.part-{share:D4}-of-{shares:D4}.tsv";
}
