using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pipeline.Dedup;

/// <summary>
/// The bucket file written next to each signature file by <c>dedup.minhash_signatures</c> (<c>.mhbkt</c>, one per
/// task): for every band, one 16-byte record (band hash, document reference) per document with words, sorted by
/// band hash, band after band. A bucket task's share — a band-hash range, the same in every band — is therefore one
/// contiguous read per band and file, found by binary search. Little-endian: a 64-byte header (magic "PLMHBKT1",
/// version, bands, rows, task index, task count, records per band, seed) and the 32-byte DAG hash, then the records.
/// A document reference is <c>task index &lt;&lt; 40 | byte offset of the document's record in the signature
/// file</c>: ordering references orders documents globally (task, then input order), and the offset lets a later
/// stage read exactly that document's signature and fingerprints.
/// </summary>
internal static class BucketFile
{
    public const int HeaderSize = 64 + 32;
    public const int RecordSize = 16;
    private const int OffsetBits = 40;
    private static readonly byte[] Magic = "PLMHBKT1"u8.ToArray();

    internal sealed record Header(int Bands, int Rows, int TaskIndex, int TaskCount, long Records, ulong Seed, string DagHash);

    /// <summary>The bucket file that belongs to a signature file.</summary>
    public static string PathFor(string signaturePath) => System.IO.Path.ChangeExtension(signaturePath, ".mhbkt");

    /// <summary>A global document reference: ordering references orders documents by (task, input order).</summary>
    public static ulong Reference(int taskIndex, long offset)
    {
        if ((ulong)offset >= 1UL << OffsetBits) throw new InvalidDataException($"signature file larger than {1L << OffsetBits} bytes; split the run into more tasks");
        return ((ulong)taskIndex << OffsetBits) | (ulong)offset;
    }

    public static int TaskOf(ulong reference) => (int)(reference >> OffsetBits);

    public static long OffsetOf(ulong reference) => (long)(reference & ((1UL << OffsetBits) - 1));

    public static void WriteHeader(Stream stream, Header h)
    {
        Span<byte> b = stackalloc byte[HeaderSize];
        b.Clear();
        Magic.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(b[12..], h.Bands);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], h.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(b[20..], h.TaskIndex);
        BinaryPrimitives.WriteInt32LittleEndian(b[24..], h.TaskCount);
        BinaryPrimitives.WriteInt64LittleEndian(b[28..], h.Records);
        BinaryPrimitives.WriteUInt64LittleEndian(b[36..], h.Seed);
        if (h.DagHash.Length == 64) Convert.FromHexString(h.DagHash, b[64..], out _, out _);
        stream.Write(b);
    }

    public static Header ReadHeader(SafeFileHandle handle, string path)
    {
        Span<byte> b = stackalloc byte[HeaderSize];
        if (RandomAccess.Read(handle, b, 0) < HeaderSize || !b[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a MinHash bucket file (written by dedup.minhash_signatures next to its signature file)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
        if (version != 1) throw new InvalidDataException($"{path}: bucket file version {version} is not supported (expected 1)");
        var h = new Header(BinaryPrimitives.ReadInt32LittleEndian(b[12..]), BinaryPrimitives.ReadInt32LittleEndian(b[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[20..]), BinaryPrimitives.ReadInt32LittleEndian(b[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[28..]), BinaryPrimitives.ReadUInt64LittleEndian(b[36..]),
            b[64..].ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(b[64..]) : "");
        long expected = HeaderSize + h.Records * h.Bands * RecordSize;
        if (RandomAccess.GetLength(handle) != expected)
            throw new InvalidDataException($"{path}: {RandomAccess.GetLength(handle)} bytes, expected {expected} for {h.Records} documents × {h.Bands} bands; rerun the task that wrote it");
        return h;
    }

    /// <summary>Index of the first record of <paramref name="band"/> whose hash is ≥ <paramref name="hash"/> (binary search, positioned reads).</summary>
    public static long LowerBound(SafeFileHandle handle, Header h, int band, ulong hash)
    {
        long lo = 0, hi = h.Records;
        long start = HeaderSize + band * h.Records * RecordSize;
        Span<byte> x = stackalloc byte[8];
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            RandomAccess.Read(handle, x, start + mid * RecordSize);
            if (BinaryPrimitives.ReadUInt64LittleEndian(x) < hash) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Reads records [<paramref name="from"/>, <paramref name="to"/>) of a band into the hash and reference arrays at <paramref name="at"/>.</summary>
    public static void ReadRange(SafeFileHandle handle, Header h, int band, long from, long to, ulong[] hashes, ulong[] refs, int at)
    {
        long start = HeaderSize + (band * h.Records + from) * RecordSize;
        var buf = new byte[1 << 20];
        long n = to - from, done = 0;
        while (done < n)
        {
            int take = (int)Math.Min(n - done, buf.Length / RecordSize);
            int bytes = take * RecordSize;
            if (RandomAccess.Read(handle, buf.AsSpan(0, bytes), start + done * RecordSize) < bytes) throw new InvalidDataException("bucket file truncated; rerun the task that wrote it");
            var recs = MemoryMarshal.Cast<byte, ulong>(buf.AsSpan(0, bytes));
            for (int i = 0; i < take; i++)
            {
                hashes[at + done + i] = BitConverter.IsLittleEndian ? recs[2 * i] : BinaryPrimitives.ReverseEndianness(recs[2 * i]);
                refs[at + done + i] = BitConverter.IsLittleEndian ? recs[2 * i + 1] : BinaryPrimitives.ReverseEndianness(recs[2 * i + 1]);
            }
            done += take;
        }
    }

    /// <summary>The first band hash of bucket share <paramref name="share"/> of <paramref name="shares"/> (the 64-bit hash space cut in equal ranges).</summary>
    public static ulong ShareStart(int share, int shares) => share == 0 ? 0 : (ulong)(((UInt128)share << 64) / (UInt128)shares);
}
