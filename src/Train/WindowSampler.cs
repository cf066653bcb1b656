namespace Pipeline.Train;

/// <summary>
/// Draws random windows of context + 1 tokens from the training shards (shard chosen in proportion to its
/// windows, offset uniform). Its whole state is one 64-bit number, saved in checkpoints, so a resumed run
/// draws the same batches as an uninterrupted one.
/// </summary>
internal sealed class WindowSampler
{
    private readonly IReadOnlyList<TrainShard> _shards;
    private readonly long[] _cumulative;
    private readonly int _window;

    public WindowSampler(IReadOnlyList<TrainShard> shards, int window, ulong state)
    {
        _shards = shards;
        _window = window;
        _cumulative = new long[shards.Count];
        long total = 0;
        for (int i = 0; i < shards.Count; i++)
        {
            total += Math.Max(0, shards[i].TokenCount - window + 1);
            _cumulative[i] = total;
        }
        if (total == 0) throw new InvalidDataException($"no training shard holds a full window of {window} tokens (context + 1); use a smaller context or more data");
        State = state;
    }

    /// <summary>The generator state (SplitMix64).</summary>
    public ulong State { get; private set; }

    /// <summary>Windows drawn so far (data position).</summary>
    public long Drawn { get; set; }

    private ulong Next()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Fills <paramref name="tokens"/> (rows × window) and returns where each row came from.</summary>
    public BatchRow[] Fill(long[] tokens, int rows)
    {
        var refs = new BatchRow[rows];
        long total = _cumulative[^1];
        for (int r = 0; r < rows; r++)
        {
            long pick = (long)(Next() % (ulong)total);
            int lo = 0, hi = _cumulative.Length - 1; // first shard whose cumulative end exceeds pick
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (_cumulative[mid] > pick) hi = mid; else lo = mid + 1;
            }
            int s = lo;
            long offset = pick - (s == 0 ? 0 : _cumulative[s - 1]);
            _shards[s].Reader.Read(offset, tokens.AsSpan(r * _window, _window));
            refs[r] = new BatchRow(_shards[s].Name, offset, _window);
        }
        Drawn += rows;
        return refs;
    }
}
