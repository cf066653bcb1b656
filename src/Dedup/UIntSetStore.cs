namespace Pipeline.Dedup;

/// <summary>Append-only store of sorted uint sets in chunked arrays (exact-Jaccard verification only).</summary>
internal sealed class UIntSetStore
{
    private const int ChunkSize = 1 << 20;
    private readonly List<uint[]> _chunks = [];
    private int _used = ChunkSize;
    private (int Chunk, int Offset, int Length)[] _refs = new (int, int, int)[1024];
    private int _count;

    public long Bytes
    {
        get
        {
            long b = _refs.LongLength * 12;
            foreach (var c in _chunks) b += c.LongLength * 4;
            return b;
        }
    }

    public void Add(ReadOnlySpan<uint> set)
    {
        if (set.Length > ChunkSize)
        {
            _chunks.Add(set.ToArray());
            Record(_chunks.Count - 1, 0, set.Length);
            _chunks.Add(new uint[ChunkSize]);
            _used = 0;
            return;
        }
        if (_used + set.Length > ChunkSize)
        {
            _chunks.Add(new uint[ChunkSize]);
            _used = 0;
        }
        set.CopyTo(_chunks[^1].AsSpan(_used));
        Record(_chunks.Count - 1, _used, set.Length);
        _used += set.Length;
    }

    private void Record(int chunk, int offset, int length)
    {
        if (_count == _refs.Length) Array.Resize(ref _refs, _refs.Length * 2);
        _refs[_count++] = (chunk, offset, length);
    }

    public ReadOnlySpan<uint> this[int index]
    {
        get
        {
            var (c, o, l) = _refs[index];
            return _chunks[c].AsSpan(o, l);
        }
    }
}
