using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pipeline.Dedup;

/// <summary>
/// Word n-gram shingles after normalisation: lowercase, punctuation and symbols removed, whitespace
/// collapsed, every digit mapped to '0'. Words and shingles are hashed to 64 bits.
/// </summary>
internal static class Shingler
{
    private const ulong FnvOffset = 0xcbf29ce484222325UL;
    private const ulong FnvPrime = 0x100000001b3UL;

    // ASCII class table: 0 = separator, 1 = removed (punctuation/symbol), otherwise the normalised char.
    private static readonly char[] Ascii = BuildAscii();

    private static char[] BuildAscii()
    {
        var t = new char[128];
        for (int c = 0; c < 128; c++)
        {
            char ch = (char)c;
            if (char.IsWhiteSpace(ch) || char.IsControl(ch)) t[c] = (char)0;
            else if (ch is >= '0' and <= '9') t[c] = '0';
            else if (char.IsLetter(ch)) t[c] = char.ToLowerInvariant(ch);
            else t[c] = (char)1;
        }
        return t;
    }

    /// <summary>Hashes the normalised words of <paramref name="text"/> into <paramref name="words"/> (grown as needed); returns the count.</summary>
    public static int HashWords(ReadOnlySpan<char> text, ref ulong[] words)
    {
        int n = 0;
        ulong h = FnvOffset;
        bool inWord = false;
        var table = Ascii;
        foreach (char c in text)
        {
            char m;
            if (c < 128) m = table[c];
            else if (char.IsWhiteSpace(c)) m = (char)0;
            else if (char.IsLetter(c)) m = char.ToLowerInvariant(c);
            else if (char.IsDigit(c)) m = '0';
            else if (char.IsPunctuation(c) || char.IsSymbol(c) || char.IsControl(c)) m = (char)1;
            else m = c;
            if (m == (char)1) continue;
            if (m == (char)0)
            {
                if (inWord)
                {
                    if (n == words.Length) Array.Resize(ref words, words.Length * 2);
                    words[n++] = Mix(h);
                    h = FnvOffset;
                    inWord = false;
                }
                continue;
            }
            h = (h ^ m) * FnvPrime;
            inWord = true;
        }
        if (inWord)
        {
            if (n == words.Length) Array.Resize(ref words, words.Length * 2);
            words[n++] = Mix(h);
        }
        return n;
    }

    /// <summary>
    /// Hashes the word n-grams of <paramref name="text"/> into <paramref name="shingles"/>; returns the count.
    /// A text with fewer than <paramref name="n"/> words (but at least one) gives one shingle of all its words.
    /// </summary>
    public static int Shingles(ReadOnlySpan<char> text, int n, ref ulong[] words, ref ulong[] shingles)
    {
        int w = HashWords(text, ref words);
        if (w == 0) return 0;
        int count = w < n ? 1 : w - n + 1;
        int width = Math.Min(n, w);
        if (shingles.Length < count) shingles = new ulong[Math.Max(count, shingles.Length * 2)];
        var ws = words.AsSpan(0, w);
        var sh = shingles.AsSpan(0, count);
        for (int i = 0; i < sh.Length; i++)
        {
            ulong h = (ulong)width * 0x9E3779B97F4A7C15UL;
            var g = ws.Slice(i, width);
            for (int j = 0; j < g.Length; j++) h = BitOperations.RotateLeft((h ^ g[j]) * 0xC2B2AE3D27D4EB4FUL, 29);
            sh[i] = Mix(h);
        }
        return count;
    }

    /// <summary>Sorted, distinct 32-bit shingle hashes (for exact Jaccard verification).</summary>
    public static uint[] ShingleSet(ReadOnlySpan<ulong> shingles)
    {
        var buf = ArrayPool<uint>.Shared.Rent(Math.Max(1, shingles.Length));
        try
        {
            for (int i = 0; i < shingles.Length; i++) buf[i] = (uint)(shingles[i] >> 32);
            var s = buf.AsSpan(0, shingles.Length);
            s.Sort();
            int k = 0;
            for (int i = 0; i < s.Length; i++)
                if (k == 0 || s[i] != s[k - 1]) s[k++] = s[i];
            return s[..k].ToArray();
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(buf);
        }
    }

    /// <summary>
    /// The <see cref="FingerprintCodec.Bits"/>-bit fingerprints (top bits of the 64-bit hash) of the distinct shingles,
    /// sorted, duplicates kept: a multiset with one value per distinct 32-bit shingle hash, compared with
    /// <see cref="Jaccard"/> (multiset intersection). Exact verification keeps them coded (<see cref="FingerprintCodec"/>).
    /// </summary>
    public static uint[] Fingerprints(ReadOnlySpan<ulong> shingles)
    {
        var set = ShingleSet(shingles); // sorted by the 32-bit value, so also by its top bits
        for (int i = 0; i < set.Length; i++) set[i] >>= 32 - FingerprintCodec.Bits;
        return set;
    }

    /// <summary>Jaccard similarity of two sorted sets (for sorted multisets: |A ∩ B| / (|A| + |B| − |A ∩ B|)).</summary>
    public static double Jaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length == 0 && b.Length == 0) return 1.0;
        int i = 0, j = 0, inter = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { inter++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return inter / (double)(a.Length + b.Length - inter);
    }

    /// <summary>The 64-bit finaliser of MurmurHash3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
