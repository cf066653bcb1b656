using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Pipeline.Tokens;

/// <summary>
/// Reads one llm.c shard through a memory map: single tokens, windows at any offset (e.g. N+1 tokens for a
/// next-token batch), random windows and sequential chunks. Thread-safe for reads.
/// </summary>
public sealed unsafe class ShardReader : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private bool _disposed;

    private ShardReader(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePtr, int version, long count)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePtr;
        Version = version;
        BytesPerToken = ShardFormat.BytesPerToken(version);
        TokenCount = count;
    }

    /// <summary>Opens <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file when it is not a valid shard.</summary>
    public static ShardReader Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        long length = new FileInfo(full).Length;
        if (length < ShardFormat.HeaderBytes)
            throw new InvalidDataException($"{full}: {length} bytes is shorter than the {ShardFormat.HeaderBytes}-byte shard header; not an llm.c token shard");
        Span<byte> header = stackalloc byte[12];
        using (var fs = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read))
            fs.ReadExactly(header);
        var (version, count) = ShardFormat.ReadHeader(full, header);
        long expected = ShardFormat.HeaderBytes + count * ShardFormat.BytesPerToken(version);
        if (count < 0 || expected != length)
            throw new InvalidDataException($"{full}: header says {count} tokens ({expected} bytes) but the file has {length} bytes; the shard is truncated or corrupt, rewrite it");
        var map = MemoryMappedFile.CreateFromFile(full, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* ptr = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref ptr);
        ptr += view.PointerOffset;
        return new ShardReader(full, map, view, ptr, version, count);
    }

    /// <summary>The shard file.</summary>
    public string Path { get; }

    /// <summary>Header version (1 = uint16, 7 = uint32).</summary>
    public int Version { get; }

    /// <summary>2 or 4.</summary>
    public int BytesPerToken { get; }

    /// <summary>Tokens in the shard.</summary>
    public long TokenCount { get; }

    /// <summary>The token at <paramref name="index"/>.</summary>
    public int this[long index]
    {
        get
        {
            CheckRange(index, 1);
            byte* p = _base + ShardFormat.HeaderBytes + index * BytesPerToken;
            return BytesPerToken == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(p, 2)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(p, 4));
        }
    }

    /// <summary>Copies <c>destination.Length</c> tokens starting at <paramref name="start"/>.</summary>
    public void Read(long start, Span<int> destination)
    {
        CheckRange(start, destination.Length);
        byte* p = _base + ShardFormat.HeaderBytes + start * BytesPerToken;
        if (BytesPerToken == 2)
        {
            var src = new ReadOnlySpan<byte>(p, destination.Length * 2);
            if (BitConverter.IsLittleEndian)
            {
                var u = MemoryMarshal.Cast<byte, ushort>(src);
                for (int i = 0; i < u.Length; i++) destination[i] = u[i];
            }
            else for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(src[(i * 2)..]);
        }
        else
        {
            var src = new ReadOnlySpan<byte>(p, destination.Length * 4);
            for (int i = 0; i < destination.Length; i++) destination[i] = (int)BinaryPrimitives.ReadUInt32LittleEndian(src[(i * 4)..]);
        }
    }

    /// <summary>Copies <c>destination.Length</c> tokens starting at <paramref name="start"/> as int64 (for tensors).</summary>
    public void Read(long start, Span<long> destination)
    {
        CheckRange(start, destination.Length);
        byte* p = _base + ShardFormat.HeaderBytes + start * BytesPerToken;
        if (BytesPerToken == 2)
        {
            var src = new ReadOnlySpan<byte>(p, destination.Length * 2);
            for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(src[(i * 2)..]);
        }
        else
        {
            var src = new ReadOnlySpan<byte>(p, destination.Length * 4);
            for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(src[(i * 4)..]);
        }
    }

    /// <summary>A new array of <paramref name="length"/> tokens from <paramref name="start"/>.</summary>
    public int[] ReadWindow(long start, int length)
    {
        var a = new int[length];
        Read(start, a);
        return a;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with a window starting at a uniformly random offset in
    /// [0, TokenCount - length] and returns that offset (ask for N+1 tokens to get N inputs and N targets).
    /// </summary>
    public long ReadRandomWindow(Random random, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        long start = RandomStart(random, destination.Length);
        Read(start, destination);
        return start;
    }

    /// <summary>As <see cref="ReadRandomWindow(Random, Span{int})"/>, as int64.</summary>
    public long ReadRandomWindow(Random random, Span<long> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        long start = RandomStart(random, destination.Length);
        Read(start, destination);
        return start;
    }

    private long RandomStart(Random random, int length)
    {
        if (length > TokenCount)
            throw new ArgumentOutOfRangeException(nameof(length), $"{Path}: a window of {length} tokens does not fit a shard of {TokenCount} tokens");
        return random.NextInt64(TokenCount - length + 1);
    }

    /// <summary>The shard in order, in chunks of up to <paramref name="chunkTokens"/> tokens, from <paramref name="start"/>.</summary>
    public IEnumerable<int[]> ReadSequential(int chunkTokens, long start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkTokens, 1);
        for (long pos = start; pos < TokenCount; pos += chunkTokens)
            yield return ReadWindow(pos, (int)Math.Min(chunkTokens, TokenCount - pos));
    }

    private void CheckRange(long start, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (start < 0 || length < 0 || start + length > TokenCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"{Path}: tokens [{start}, {start + length}) are outside the shard's {TokenCount} tokens");
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
