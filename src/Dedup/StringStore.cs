using System.Text;

namespace Pipeline.Dedup;

/// <summary>Append-only compact store of strings (document ids) as UTF-8 in chunked byte arrays.</summary>
internal sealed class StringStore
{
    private const int ChunkSize = 1 << 20;
    private readonly int _chunkSize;
    private readonly List<byte[]> _chunks;
    private int _used;
    private long[] _refs = new long[64]; // chunk << 40 | offset << 16 | length

    /// <summary>A store allocating chunks of <paramref name="chunkSize"/> bytes (at most 1 MB; small for the many small stores of a component replay).</summary>
    public StringStore(int chunkSize = ChunkSize)
    {
        _chunkSize = Math.Clamp(chunkSize, 1024, ChunkSize);
        _chunks = [new byte[_chunkSize]];
    }

    public int Count { get; private set; }

    public long Bytes => _chunks.Sum(c => (long)c.Length) + _refs.LongLength * 8;

    public int Add(string value)
    {
        int len = Encoding.UTF8.GetByteCount(value);
        if (len > ushort.MaxValue) throw new ArgumentException("document id longer than 65535 bytes", nameof(value));
        if (_used + len > _chunks[^1].Length)
        {
            _chunks.Add(new byte[Math.Max(_chunkSize, len)]);
            _used = 0;
        }
        Encoding.UTF8.GetBytes(value, _chunks[^1].AsSpan(_used, len));
        if (Count == _refs.Length) Array.Resize(ref _refs, _refs.Length * 2);
        _refs[Count] = ((long)(_chunks.Count - 1) << 40) | ((long)_used << 16) | (uint)len;
        _used += len;
        return Count++;
    }

    public string this[int index]
    {
        get
        {
            long r = _refs[index];
            int chunk = (int)(r >> 40), offset = (int)((r >> 16) & 0xFFFFFF), len = (int)(r & 0xFFFF);
            return Encoding.UTF8.GetString(_chunks[chunk], offset, len);
        }
    }
}
