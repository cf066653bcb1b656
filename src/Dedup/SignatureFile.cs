using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Pipeline.Dedup;

/// <summary>
/// Binary MinHash signature file written by <c>dedup.minhash_signatures</c> (one per task), little-endian:
/// a 64-byte header (magic "PLMHSIG1", version, shingle size, num_perm, bands, rows, threshold, seed,
/// task index, task count, document count; version 2 adds at byte 60 a flag: 1 = records carry shingle fingerprints;
/// version 3 follows the header with the 32-byte SHA-256 of the DAG that wrote it, all zero when unknown)
/// then, per document in input order: flags (1 = has words), id length (uint16), UTF-8 id, num_perm uint32 signature
/// values and, when the flag is set, the coded fingerprints (uint32 length + <see cref="FingerprintCodec"/> bytes).
/// </summary>
internal static class SignatureFile
{
    public const int HeaderSize = 64;
    private static readonly byte[] Magic = "PLMHSIG1"u8.ToArray();

    internal sealed record Header(int ShingleSize, int NumPerm, int Bands, int Rows, double Threshold, ulong Seed, int TaskIndex, int TaskCount, long Documents,
        bool Fingerprints = false, string DagHash = "");

    /// <summary>Bytes before the first record for a header of <paramref name="version"/>.</summary>
    private static int PreambleSize(int version) => version >= 3 ? HeaderSize + 32 : HeaderSize;

    public static void WriteHeader(Stream stream, Header h)
    {
        Span<byte> b = stackalloc byte[HeaderSize];
        b.Clear();
        Magic.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], 3);
        BinaryPrimitives.WriteInt32LittleEndian(b[12..], h.ShingleSize);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], h.NumPerm);
        BinaryPrimitives.WriteInt32LittleEndian(b[20..], h.Bands);
        BinaryPrimitives.WriteInt32LittleEndian(b[24..], h.Rows);
        BinaryPrimitives.WriteDoubleLittleEndian(b[28..], h.Threshold);
        BinaryPrimitives.WriteUInt64LittleEndian(b[36..], h.Seed);
        BinaryPrimitives.WriteInt32LittleEndian(b[44..], h.TaskIndex);
        BinaryPrimitives.WriteInt32LittleEndian(b[48..], h.TaskCount);
        BinaryPrimitives.WriteInt64LittleEndian(b[52..], h.Documents);
        BinaryPrimitives.WriteInt32LittleEndian(b[60..], h.Fingerprints ? 1 : 0);
        stream.Write(b);
        Span<byte> hash = stackalloc byte[32];
        hash.Clear();
        if (h.DagHash.Length == 64) Convert.FromHexString(h.DagHash, hash, out _, out _);
        stream.Write(hash);
    }

    public static Header ReadHeader(Stream stream, string path)
    {
        Span<byte> b = stackalloc byte[HeaderSize];
        if (stream.ReadAtLeast(b, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !b[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a MinHash signature file (written by dedup.minhash_signatures)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
        if (version is not (1 or 2 or 3)) throw new InvalidDataException($"{path}: signature file version {version} is not supported (expected 1 to 3)");
        string dagHash = "";
        if (PreambleSize(version) > HeaderSize)
        {
            Span<byte> hash = stackalloc byte[32];
            if (stream.ReadAtLeast(hash, 32, throwOnEndOfStream: false) < 32) throw new InvalidDataException($"{path}: truncated header; rerun the task that wrote it");
            if (hash.ContainsAnyExcept((byte)0)) dagHash = Convert.ToHexStringLower(hash);
        }
        return new Header(
            BinaryPrimitives.ReadInt32LittleEndian(b[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[24..]),
            BinaryPrimitives.ReadDoubleLittleEndian(b[28..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[36..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[44..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[52..]),
            version >= 2 && BinaryPrimitives.ReadInt32LittleEndian(b[60..]) == 1,
            dagHash);
    }

    /// <summary>Bytes before the first record of a file written by this version.</summary>
    public const int CurrentPreambleSize = HeaderSize + 32;

    /// <summary>Writes one record; returns its length in bytes.</summary>
    public static int WriteRecord(Stream stream, string id, bool hasWords, ReadOnlySpan<uint> signature, ReadOnlySpan<byte> fingerprints, bool withFingerprints)
    {
        Span<byte> head = stackalloc byte[3];
        int len = Encoding.UTF8.GetByteCount(id);
        if (len > ushort.MaxValue) throw new InvalidDataException($"document id longer than 65535 bytes: {id[..40]}...");
        head[0] = hasWords ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(head[1..], (ushort)len);
        stream.Write(head);
        stream.Write(Encoding.UTF8.GetBytes(id));
        if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(signature));
        else
        {
            Span<byte> x = stackalloc byte[4];
            foreach (uint v in signature)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(x, v);
                stream.Write(x);
            }
        }
        if (withFingerprints)
        {
            Span<byte> n = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(n, fingerprints.Length);
            stream.Write(n);
            stream.Write(fingerprints);
        }
        return 3 + len + signature.Length * 4 + (withFingerprints ? 4 + fingerprints.Length : 0);
    }

    /// <summary>Reads records in order: callback gets (id, hasWords, signature, coded fingerprints or empty).</summary>
    public static void ReadRecords(Stream stream, Header h, string path, SignatureRecordHandler onRecord)
    {
        var sig = new uint[h.NumPerm];
        var sigBytes = MemoryMarshal.AsBytes(sig.AsSpan());
        var head = new byte[3];
        var idBuf = new byte[256];
        var fpBuf = new byte[1024];
        var lenBuf = new byte[4];
        for (long i = 0; i < h.Documents; i++)
        {
            if (stream.ReadAtLeast(head, 3, false) < 3) throw Truncated(path, i, h.Documents);
            int len = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(1));
            if (idBuf.Length < len) idBuf = new byte[len];
            if (stream.ReadAtLeast(idBuf.AsSpan(0, len), len, false) < len) throw Truncated(path, i, h.Documents);
            bool hasWords = head[0] == 1;
            if (stream.ReadAtLeast(sigBytes, sigBytes.Length, false) < sigBytes.Length) throw Truncated(path, i, h.Documents);
            if (!BitConverter.IsLittleEndian) for (int k = 0; k < sig.Length; k++) sig[k] = BinaryPrimitives.ReverseEndianness(sig[k]);
            int fpLen = 0;
            if (h.Fingerprints)
            {
                if (stream.ReadAtLeast(lenBuf, 4, false) < 4) throw Truncated(path, i, h.Documents);
                fpLen = BinaryPrimitives.ReadInt32LittleEndian(lenBuf);
                if (fpLen < 0) throw Truncated(path, i, h.Documents);
                if (fpBuf.Length < fpLen) fpBuf = new byte[Math.Max(fpLen, fpBuf.Length * 2)];
                if (stream.ReadAtLeast(fpBuf.AsSpan(0, fpLen), fpLen, false) < fpLen) throw Truncated(path, i, h.Documents);
            }
            onRecord(Encoding.UTF8.GetString(idBuf, 0, len), hasWords, sig, fpBuf.AsSpan(0, fpLen));
        }
    }

    /// <summary>
    /// Reads the record at <paramref name="offset"/> (a positioned read, for a document named by its
    /// <see cref="BucketFile.Reference"/>): returns its id, fills <paramref name="signature"/> and gives the place of
    /// its coded fingerprints in <paramref name="buffer"/> (length 0 without fingerprints).
    /// </summary>
    public static string ReadRecordAt(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path, Header h, long offset, ref byte[] buffer,
        Span<uint> signature, out int fingerprintStart, out int fingerprintLength)
    {
        int have = 0;
        void Ensure(int n, ref byte[] buf)
        {
            if (have >= n) return;
            if (buf.Length < n) Array.Resize(ref buf, Math.Max(n, buf.Length * 2));
            int want = Math.Max(n, Math.Min(buf.Length, 4096));
            int got = RandomAccess.Read(handle, buf.AsSpan(have, want - have), offset + have);
            have += got;
            if (have < n) throw new InvalidDataException($"{path}: truncated record at byte {offset}; rerun the task that wrote it");
        }
        Ensure(3, ref buffer);
        int len = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(1));
        int sigBytes = h.NumPerm * 4;
        Ensure(3 + len + sigBytes + (h.Fingerprints ? 4 : 0), ref buffer);
        string id = Encoding.UTF8.GetString(buffer, 3, len);
        var values = MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(3 + len, sigBytes));
        for (int i = 0; i < h.NumPerm; i++) signature[i] = BitConverter.IsLittleEndian ? values[i] : BinaryPrimitives.ReverseEndianness(values[i]);
        fingerprintStart = 3 + len + sigBytes + 4;
        fingerprintLength = 0;
        if (h.Fingerprints)
        {
            fingerprintLength = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(3 + len + sigBytes));
            if (fingerprintLength < 0) throw new InvalidDataException($"{path}: corrupt record at byte {offset}; rerun the task that wrote it");
            Ensure(fingerprintStart + fingerprintLength, ref buffer);
        }
        return id;
    }

    private static InvalidDataException Truncated(string path, long at, long total) =>
        new($"{path}: truncated at document {at} of {total}; rerun the task that wrote it");
}

/// <summary>Receives one signature record.</summary>
internal delegate void SignatureRecordHandler(string id, bool hasWords, ReadOnlySpan<uint> signature, ReadOnlySpan<byte> fingerprints);
