using System.IO.MemoryMappedFiles;

namespace Pipeline.Train;

/// <summary>
/// Read access to the token shards of a shard-set folder (layout in the brief: 256 int32 header with magic
/// 20240520, version 1 = uint16 / 2 = uint32 tokens, token count; then the tokens), memory-mapped.
/// Temporary until Pipeline.Tokens publishes ShardReader; then this becomes a thin adapter over it.
/// </summary>
internal sealed class ShardFiles : IDisposable
{
    internal const int Magic = 20240520;
    internal const int HeaderBytes = 256 * 4;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;

    private ShardFiles(string path, string name, int version, long count, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Name = name;
        Version = version;
        TokenCount = count;
        _map = map;
        _view = view;
    }

    public string Path { get; }
    public string Name { get; }
    public int Version { get; }
    public long TokenCount { get; }

    public static ShardFiles Open(string path)
    {
        var len = new FileInfo(path).Length;
        if (len < HeaderBytes) throw new InvalidDataException($"{path}: {len} bytes is shorter than the 1,024-byte shard header; is this a token shard?");
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        int magic = view.ReadInt32(0), version = view.ReadInt32(4);
        long count = (uint)view.ReadInt32(8);
        string? error = magic != Magic ? $"magic {magic}, expected {Magic}"
            : version is not (1 or 2) ? $"version {version}, expected 1 (uint16) or 2 (uint32)"
            : HeaderBytes + count * (version == 1 ? 2 : 4) > len ? $"header says {count} tokens but the file holds fewer" : null;
        if (error is not null)
        {
            view.Dispose();
            map.Dispose();
            throw new InvalidDataException($"{path}: not a valid token shard ({error}); rebuild it with tokens.shards");
        }
        return new ShardFiles(path, System.IO.Path.GetFileName(path), version, count, map, view);
    }

    /// <summary>Copies tokens [offset, offset + dest.Length) into <paramref name="dest"/> as int64.</summary>
    public void Read(long offset, Span<long> dest)
    {
        if (offset < 0 || offset + dest.Length > TokenCount) throw new ArgumentOutOfRangeException(nameof(offset), $"{Name}: window {offset}+{dest.Length} outside 0..{TokenCount}");
        int size = Version == 1 ? 2 : 4;
        long pos = HeaderBytes + offset * size;
        if (Version == 1)
        {
            var tmp = dest.Length <= 8192 ? stackalloc ushort[dest.Length] : new ushort[dest.Length];
            _view.SafeMemoryMappedViewHandle.ReadSpan((ulong)(pos + _view.PointerOffset), tmp);
            for (int i = 0; i < dest.Length; i++) dest[i] = tmp[i];
        }
        else
        {
            var tmp = dest.Length <= 4096 ? stackalloc uint[dest.Length] : new uint[dest.Length];
            _view.SafeMemoryMappedViewHandle.ReadSpan((ulong)(pos + _view.PointerOffset), tmp);
            for (int i = 0; i < dest.Length; i++) dest[i] = tmp[i];
        }
    }

    /// <summary>Largest token id in the shard (a full scan).</summary>
    public long MaxToken()
    {
        long max = 0;
        var buf = new long[1 << 16];
        for (long at = 0; at < TokenCount; at += buf.Length)
        {
            int n = (int)Math.Min(buf.Length, TokenCount - at);
            Read(at, buf.AsSpan(0, n));
            for (int i = 0; i < n; i++) if (buf[i] > max) max = buf[i];
        }
        return max;
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }
}
