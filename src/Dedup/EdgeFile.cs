using System.Buffers.Binary;

namespace Pipeline.Dedup;

/// <summary>
/// Candidate edges written by one bucket task (<c>edges.bucket-KKKK.mhedg</c>), little-endian: a 64-byte header
/// (magic "PLMHEDG1", version, share index, share count, signature task count, edge count) and the 32-byte DAG
/// hash, then per edge two document references (<see cref="BucketFile.Reference"/>), the smaller first, sorted.
/// </summary>
internal static class EdgeFile
{
    public const int HeaderSize = 64 + 32;
    private static readonly byte[] Magic = "PLMHEDG1"u8.ToArray();

    internal sealed record Header(int Share, int Shares, int SignatureTasks, long Edges, string DagHash);

    public static string FileName(int share, int shares) => shares > 1 ? $"edges.bucket-{share:D4}.mhedg" : "edges.mhedg";

    public static void Write(string path, Header h, UInt128[] edges, int count)
    {
        using var file = new Core.Util.AtomicFile(path, 1 << 20);
        Span<byte> b = stackalloc byte[HeaderSize];
        b.Clear();
        Magic.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(b[12..], h.Share);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], h.Shares);
        BinaryPrimitives.WriteInt32LittleEndian(b[20..], h.SignatureTasks);
        BinaryPrimitives.WriteInt64LittleEndian(b[24..], count);
        if (h.DagHash.Length == 64) Convert.FromHexString(h.DagHash, b[64..], out _, out _);
        file.Stream.Write(b);
        var buf = new byte[1 << 20];
        for (int i = 0; i < count; i += buf.Length / 16)
        {
            int take = Math.Min(count - i, buf.Length / 16);
            for (int j = 0; j < take; j++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(j * 16), (ulong)(edges[i + j] >> 64));
                BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(j * 16 + 8), (ulong)edges[i + j]);
            }
            file.Stream.Write(buf, 0, take * 16);
        }
        file.Commit();
    }

    public static Header ReadHeader(Stream s, string path)
    {
        Span<byte> b = stackalloc byte[HeaderSize];
        if (s.ReadAtLeast(b, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !b[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a MinHash edge file (written by `pipeline dedup buckets`)");
        var h = new Header(BinaryPrimitives.ReadInt32LittleEndian(b[12..]), BinaryPrimitives.ReadInt32LittleEndian(b[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[20..]), BinaryPrimitives.ReadInt64LittleEndian(b[24..]),
            b[64..].ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(b[64..]) : "");
        if (s.CanSeek && s.Length != HeaderSize + h.Edges * 16)
            throw new InvalidDataException($"{path}: {s.Length} bytes, expected {HeaderSize + h.Edges * 16} for {h.Edges} edges; rerun that bucket task");
        return h;
    }

    /// <summary>Calls <paramref name="onEdge"/> for every edge of the file, in file order.</summary>
    public static void ForEach(string path, Header h, Action<ulong, ulong> onEdge)
    {
        using var s = new BufferedStream(File.OpenRead(path), 1 << 20);
        ReadHeader(s, path);
        var buf = new byte[1 << 20];
        long done = 0;
        while (done < h.Edges)
        {
            int take = (int)Math.Min(h.Edges - done, buf.Length / 16);
            s.ReadExactly(buf, 0, take * 16);
            for (int j = 0; j < take; j++)
                onEdge(BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(j * 16)), BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(j * 16 + 8)));
            done += take;
        }
    }
}
