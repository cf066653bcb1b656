using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Dedup;

/// <summary>
/// MinHash signatures over 64-bit shingle hashes. Permutation i is x → a_i·x + b_i (mod 2^64, a_i odd);
/// the signature keeps the top 32 bits of the minimum. Bands hash <c>rows</c> consecutive values with XxHash3.
/// Thread-safe: all state is read-only after construction.
/// </summary>
internal sealed class MinHasher
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;

    public MinHasher(int bands, int rows, ulong seed = 1)
    {
        if (bands < 1 || rows < 1) throw new ArgumentOutOfRangeException(nameof(bands), "bands and rows must be at least 1");
        Bands = bands;
        Rows = rows;
        NumPerm = bands * rows;
        int padded = (NumPerm + 7) & ~7;
        _a = new ulong[padded];
        _b = new ulong[padded];
        ulong state = seed ^ 0x5DEECE66DUL;
        for (int i = 0; i < padded; i++)
        {
            _a[i] = SplitMix(ref state) | 1UL;
            _b[i] = SplitMix(ref state);
        }
    }

    public int Bands { get; }

    public int Rows { get; }

    public int NumPerm { get; }

    /// <summary>Writes the <see cref="NumPerm"/> signature values of <paramref name="shingles"/> (must be non-empty).</summary>
    public void Signature(ReadOnlySpan<ulong> shingles, Span<uint> signature)
    {
        int padded = _a.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            var av = MemoryMarshal.Cast<ulong, Vector512<ulong>>(_a.AsSpan());
            var bv = MemoryMarshal.Cast<ulong, Vector512<ulong>>(_b.AsSpan());
            // Two groups of 8 permutations per pass over the shingles keep four vectors in registers.
            int g = 0;
            for (; g + 1 < av.Length; g += 2)
            {
                Vector512<ulong> a0 = av[g], b0 = bv[g], a1 = av[g + 1], b1 = bv[g + 1];
                Vector512<ulong> m0 = Vector512<ulong>.AllBitsSet, m1 = Vector512<ulong>.AllBitsSet;
                foreach (ulong x in shingles)
                {
                    var vx = Vector512.Create(x);
                    m0 = Vector512.Min(m0, a0 * vx + b0);
                    m1 = Vector512.Min(m1, a1 * vx + b1);
                }
                Store(m0, signature, g * 8);
                Store(m1, signature, (g + 1) * 8);
            }
            for (; g < av.Length; g++)
            {
                Vector512<ulong> a0 = av[g], b0 = bv[g];
                Vector512<ulong> m0 = Vector512<ulong>.AllBitsSet;
                foreach (ulong x in shingles) m0 = Vector512.Min(m0, a0 * Vector512.Create(x) + b0);
                Store(m0, signature, g * 8);
            }
            return;
        }
        Span<ulong> mins = stackalloc ulong[padded];
        mins.Fill(ulong.MaxValue);
        foreach (ulong x in shingles)
        {
            for (int i = 0; i < padded; i++)
            {
                ulong v = _a[i] * x + _b[i];
                if (v < mins[i]) mins[i] = v;
            }
        }
        for (int i = 0; i < NumPerm; i++) signature[i] = (uint)(mins[i] >> 32);
    }

    private void Store(Vector512<ulong> m, Span<uint> signature, int at)
    {
        for (int k = 0; k < 8 && at + k < NumPerm; k++) signature[at + k] = (uint)(m.GetElement(k) >> 32);
    }

    /// <summary>Writes one 64-bit hash per band (never 0, which the index reserves for empty slots).</summary>
    public void BandHashes(ReadOnlySpan<uint> signature, Span<ulong> bandHashes)
    {
        for (int b = 0; b < Bands; b++)
        {
            var bytes = MemoryMarshal.AsBytes(signature.Slice(b * Rows, Rows));
            ulong h = XxHash3.HashToUInt64(bytes, b + 1);
            bandHashes[b] = h == 0 ? 1 : h;
        }
    }

    /// <summary>The 16-bit values kept per permutation for estimating Jaccard similarity.</summary>
    public static void Compact(ReadOnlySpan<uint> signature, Span<ushort> compact)
    {
        for (int i = 0; i < signature.Length; i++) compact[i] = (ushort)signature[i];
    }

    /// <summary>
    /// Jaccard estimate from two compact signatures: the fraction of equal values, corrected for the
    /// 1/65536 chance that 16-bit values of different minima agree.
    /// </summary>
    public static double EstimateJaccard(ReadOnlySpan<ushort> x, ReadOnlySpan<ushort> y)
    {
        int eq = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 16 <= x.Length; i += 16)
            {
                var e = Vector256.Equals(Vector256.Create(x.Slice(i, 16)), Vector256.Create(y.Slice(i, 16)));
                eq += System.Numerics.BitOperations.PopCount(e.ExtractMostSignificantBits());
            }
        }
        for (; i < x.Length; i++) if (x[i] == y[i]) eq++;
        const double chance = 1.0 / 65536;
        double m = eq / (double)x.Length;
        return Math.Clamp((m - chance) / (1 - chance), 0.0, 1.0);
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
