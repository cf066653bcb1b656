namespace Pipeline.Ingest.Synthetic;

/// <summary>SplitMix64: tiny, fast, and seeded per (seed, index, stream) so every document is independent.</summary>
internal struct SyntheticRng
{
    private ulong _state;

    public SyntheticRng(ulong state) => _state = state;

    /// <summary>A generator for one (seed, index, stream) triple.</summary>
    public static SyntheticRng For(long seed, long index, int stream)
    {
        ulong h = Mix((ulong)seed ^ 0x243F6A8885A308D3UL);
        h = Mix(h ^ (ulong)index * 0x9E3779B97F4A7C15UL);
        h = Mix(h + (ulong)stream * 0xD1B54A32D192ED03UL);
        return new SyntheticRng(h);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(((Next() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform integer in [0, n) for large n.</summary>
    public long NextLong(long n) => (long)Math.BigMul(Next(), (ulong)n, out _);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(T[] items) => items[NextInt(items.Length)];
}
