namespace Pipeline.Dedup;

/// <summary>
/// Append-only store of the coded shingle fingerprints of kept documents (exact verification, see
/// <see cref="FingerprintCodec"/>) in chunked byte arrays plus 8 bytes per document; no per-document objects.
/// </summary>
internal sealed class FingerprintStore
{
    private const int ChunkSize = 1 << 20;
    private readonly int _chunkSize;
    private readonly List<byte[]> _chunks = [];
    private int _used;
    private const long Whole = 1L << 40;
    private long[] _refs = new long[64]; // chunk << 41 | Whole (a huge set in a chunk of its own) | offset << 20 | length
    private int _count;

    /// <summary>A store allocating chunks of <paramref name="chunkSize"/> bytes (at most 1 MB; small for the many small stores of a component replay).</summary>
    public FingerprintStore(int chunkSize = ChunkSize)
    {
        _chunkSize = Math.Clamp(chunkSize, 4096, ChunkSize);
        _used = _chunkSize;
    }

    public long Bytes
    {
        get
        {
            long b = _refs.LongLength * 8;
            foreach (var c in _chunks) b += c.LongLength;
            return b;
        }
    }

    public void Add(ReadOnlySpan<byte> set)
    {
        if (set.Length >= _chunkSize)
        {
            // A huge document gets a chunk of its own (offset 0, length = the chunk's length).
            _chunks.Add(set.ToArray());
            Record(((long)(_chunks.Count - 1) << 41) | Whole);
            _used = _chunkSize;
            return;
        }
        if (_used + set.Length > _chunkSize)
        {
            _chunks.Add(new byte[_chunkSize]);
            _used = 0;
        }
        set.CopyTo(_chunks[^1].AsSpan(_used));
        Record(((long)(_chunks.Count - 1) << 41) | ((long)_used << 20) | (uint)set.Length);
        _used += set.Length;
    }

    private void Record(long reference)
    {
        if (_count == _refs.Length) Array.Resize(ref _refs, _refs.Length * 2);
        _refs[_count++] = reference;
    }

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            long r = _refs[index];
            var chunk = _chunks[(int)(r >> 41)];
            if ((r & Whole) != 0) return chunk;
            return chunk.AsSpan((int)((r >> 20) & (ChunkSize - 1)), (int)(r & (ChunkSize - 1)));
        }
    }
}
