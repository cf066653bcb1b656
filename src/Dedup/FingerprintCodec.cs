using System.Numerics;

namespace Pipeline.Dedup;

/// <summary>
/// Compact coding of a document's sorted shingle fingerprints (<see cref="Bits"/>-bit values, duplicates allowed):
/// varint count, one byte Rice parameter k, then the gaps between consecutive values, each as unary(gap &gt;&gt; k)
/// and k low bits, LSB first. About log2(2^Bits / n) + 1.6 bits per value: ~1.5 bytes for a 200-shingle page.
/// </summary>
internal static class FingerprintCodec
{
    /// <summary>Fingerprint width: the top bits of each shingle hash.</summary>
    public const int Bits = 18;

    public static byte[] Encode(ReadOnlySpan<uint> sorted)
    {
        int n = sorted.Length;
        int k = n == 0 ? 0 : Math.Max(0, BitOperations.Log2((uint)((1L << Bits) / (n + 1)) | 1));
        var w = new Writer(n * (k + 3) / 8 + 8);
        for (uint v = (uint)n; ; v >>= 7)
        {
            if (v < 0x80) { w.Byte((byte)v); break; }
            w.Byte((byte)(v | 0x80));
        }
        w.Byte((byte)k);
        uint prev = 0;
        foreach (uint v in sorted)
        {
            uint gap = v - prev;
            prev = v;
            for (uint q = gap >> k; q > 0;)
            {
                int t = (int)Math.Min(q, 24u);
                w.Bits((1u << t) - 1, t);
                q -= (uint)t;
            }
            w.Bits(0, 1);
            w.Bits(gap & ((1u << k) - 1), k);
        }
        return w.ToArray();
    }

    public static uint[] Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new Reader(encoded, out int n);
        var values = new uint[n];
        uint prev = 0;
        for (int i = 0; i < n; i++) values[i] = prev += r.Gap();
        return values;
    }

    /// <summary>Multiset Jaccard |A ∩ B| / (|A| + |B| − |A ∩ B|) of sorted fingerprints <paramref name="a"/> and encoded <paramref name="b"/>.</summary>
    public static double Jaccard(ReadOnlySpan<uint> a, ReadOnlySpan<byte> b)
    {
        var r = new Reader(b, out int nb);
        if (a.Length == 0 && nb == 0) return 1.0;
        int i = 0, j = 0, inter = 0;
        if (nb > 0 && a.Length > 0)
        {
            uint y = r.Gap();
            j = 1;
            while (true)
            {
                uint x = a[i];
                if (x == y)
                {
                    inter++;
                    if (++i == a.Length || j == nb) break;
                    y += r.Gap();
                    j++;
                }
                else if (x < y)
                {
                    if (++i == a.Length) break;
                }
                else
                {
                    if (j == nb) break;
                    y += r.Gap();
                    j++;
                }
            }
        }
        return inter / (double)(a.Length + nb - inter);
    }

    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _d;
        private readonly int _k;
        private int _pos; // bit position

        public Reader(ReadOnlySpan<byte> d, out int count)
        {
            _d = d;
            int n = 0, shift = 0, at = 0;
            while (true)
            {
                byte x = d[at++];
                n |= (x & 0x7F) << shift;
                if (x < 0x80) break;
                shift += 7;
            }
            count = n;
            _k = d[at++];
            _pos = at * 8;
        }

        public uint Gap()
        {
            uint q = 0;
            while (true)
            {
                int off = _pos & 7, avail = 8 - off;
                uint b = (uint)_d[_pos >> 3] >> off;
                int ones = BitOperations.TrailingZeroCount(~b);
                if (ones < avail)
                {
                    q += (uint)ones;
                    _pos += ones + 1;
                    break;
                }
                q += (uint)avail;
                _pos += avail;
            }
            uint low = 0;
            for (int got = 0; got < _k;)
            {
                int off = _pos & 7, take = Math.Min(8 - off, _k - got);
                low |= (((uint)_d[_pos >> 3] >> off) & ((1u << take) - 1)) << got;
                got += take;
                _pos += take;
            }
            return (q << _k) | low;
        }
    }

    private struct Writer(int capacity)
    {
        private byte[] _buf = new byte[Math.Max(capacity, 8)];
        private int _len;
        private ulong _acc;
        private int _bits;

        public void Byte(byte b)
        {
            Ensure();
            _buf[_len++] = b;
        }

        public void Bits(uint value, int count)
        {
            _acc |= (ulong)value << _bits;
            _bits += count;
            while (_bits >= 8)
            {
                Ensure();
                _buf[_len++] = (byte)_acc;
                _acc >>= 8;
                _bits -= 8;
            }
        }

        private void Ensure()
        {
            if (_len == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        }

        public byte[] ToArray()
        {
            if (_bits > 0)
            {
                Ensure();
                _buf[_len++] = (byte)_acc;
                _acc = 0;
                _bits = 0;
            }
            return _buf.AsSpan(0, _len).ToArray();
        }
    }
}
