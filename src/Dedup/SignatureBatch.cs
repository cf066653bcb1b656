using Pipeline.Core.Documents;

namespace Pipeline.Dedup;

/// <summary>
/// Signatures of a batch of documents, computed in parallel (pure functions of the text, so the result does
/// not depend on the thread count): full 32-bit signatures, band hashes, compact 16-bit signatures and,
/// for exact verification, shingle fingerprints (sorted and coded). Buffers are reused across batches.
/// </summary>
internal sealed class SignatureBatch(MinHashSettings settings, int threads)
{
    private readonly MinHasher _hasher = settings.CreateHasher();
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads };

    public MinHashSettings Settings => settings;

    public int Count { get; private set; }

    public uint[] Full { get; private set; } = [];

    public ulong[] BandHashes { get; private set; } = [];

    public ushort[] Compact { get; private set; } = [];

    /// <summary>False for a document without words (never a duplicate, not indexed).</summary>
    public bool[] HasWords { get; private set; } = [];

    public uint[]?[] ShingleSets { get; private set; } = [];

    /// <summary>The fingerprints coded for the index (exact verification only).</summary>
    public byte[]?[] Encoded { get; private set; } = [];

    public ReadOnlySpan<uint> FullOf(int i) => Full.AsSpan(i * settings.NumPerm, settings.NumPerm);

    public ReadOnlySpan<ulong> BandsOf(int i) => BandHashes.AsSpan(i * settings.Bands, settings.Bands);

    public ReadOnlySpan<ushort> CompactOf(int i) => Compact.AsSpan(i * settings.NumPerm, settings.NumPerm);

    public ReadOnlySpan<uint> ShingleSetOf(int i) => ShingleSets.Length > i ? ShingleSets[i] : default;

    public ReadOnlySpan<byte> EncodedOf(int i) => Encoded.Length > i ? Encoded[i] : default;

    public void Compute(IReadOnlyList<Document> docs) => Compute(docs.Count, i => docs[i].Text);

    public void Compute(int count, Func<int, string> text)
    {
        int k = settings.NumPerm, nb = settings.Bands;
        Count = count;
        if (Full.Length < count * k)
        {
            int cap = Math.Max(count, 64);
            Full = new uint[cap * k];
            Compact = new ushort[cap * k];
            BandHashes = new ulong[cap * nb];
            HasWords = new bool[cap];
            if (settings.VerifyExact)
            {
                ShingleSets = new uint[]?[cap];
                Encoded = new byte[]?[cap];
            }
        }
        if (count == 0) return;
        // Split into contiguous ranges so each worker reuses its buffers.
        int parts = Math.Min(_parallel.MaxDegreeOfParallelism, Math.Max(1, count / 8));
        Parallel.For(0, parts, _parallel, p =>
        {
            int from = (int)((long)count * p / parts), to = (int)((long)count * (p + 1) / parts);
            var words = new ulong[512];
            var shingles = new ulong[512];
            for (int i = from; i < to; i++)
            {
                int n = Shingler.Shingles(text(i), settings.ShingleSize, ref words, ref shingles);
                HasWords[i] = n > 0;
                var full = Full.AsSpan(i * k, k);
                if (n == 0)
                {
                    full.Clear();
                    Compact.AsSpan(i * k, k).Clear();
                    BandHashes.AsSpan(i * nb, nb).Clear();
                    if (settings.VerifyExact)
                    {
                        ShingleSets[i] = [];
                        Encoded[i] = FingerprintCodec.Encode([]);
                    }
                    continue;
                }
                var sh = shingles.AsSpan(0, n);
                _hasher.Signature(sh, full);
                _hasher.BandHashes(full, BandHashes.AsSpan(i * nb, nb));
                MinHasher.Compact(full, Compact.AsSpan(i * k, k));
                if (settings.VerifyExact)
                {
                    var fp = Shingler.Fingerprints(sh);
                    ShingleSets[i] = fp;
                    Encoded[i] = FingerprintCodec.Encode(fp);
                }
            }
        });
    }
}
