namespace Pipeline.Dedup;

/// <summary>
/// The near-duplicate index shared by streaming (<c>dedup.minhash</c>) and staged (<c>pipeline dedup cluster</c>)
/// mode. Documents are checked and added in input order; every document with words is indexed — kept ones and
/// removed ones — so a document that is near a removed member of a cluster (and not near its survivor) is still
/// found. Per band a flat map band hash → newest slot plus, per slot and band, the previous slot with the same
/// band hash (a bucket is a chain, newest first); each slot's cluster survivor; ids in a <see cref="StringStore"/>
/// and, in chunked arrays, either 16-bit compact signatures (estimate mode) or coded shingle fingerprints (exact
/// verification). No per-document objects.
/// <para>Rules (<see cref="FindDuplicate"/>): a candidate is any earlier document sharing a band bucket (the
/// <see cref="MaxCandidates"/> newest distinct ones, band by band); it matches when its verified similarity
/// reaches the threshold and — the chaining guard — the incoming document's similarity to the survivor of the
/// candidate's cluster reaches the floor. The best match wins (highest similarity, ties to the earliest
/// document): a document joins the cluster of the member it is nearest to. Clusters never merge: each has
/// exactly one survivor, the first document of the cluster in input order.</para>
/// </summary>
internal sealed class LshIndex
{
    /// <summary>Distinct earlier documents verified per incoming document at most (bounds time on huge buckets).</summary>
    public const int MaxCandidates = 64;

    private readonly LongIntMap[] _bands;
    private readonly int _numPerm;
    private readonly List<ushort[]> _sigChunks = [];
    private readonly StringStore _ids;
    private readonly FingerprintStore? _sets;
    private readonly int _initial;
    private readonly int _sigChunkDocs;
    private int[] _next = [];
    private int[] _survivor = [];
    private readonly HashSet<int> _seen = [];
    private readonly Dictionary<int, double> _survivorSimilarity = [];

    /// <summary>An index; <paramref name="expected"/> sizes its first allocations (small for a component replay).</summary>
    public LshIndex(int bands, int numPerm, bool keepShingleSets, int expected = 1024)
    {
        _initial = Math.Clamp(expected, 4, 1024);
        _bands = new LongIntMap[bands];
        for (int b = 0; b < bands; b++) _bands[b] = new LongIntMap(_initial);
        _numPerm = numPerm;
        _ids = new StringStore(_initial >= 1024 ? 1 << 20 : _initial * 64);
        _sigChunkDocs = _initial >= 1024 ? 1 << 14 : _initial;
        if (keepShingleSets) _sets = new FingerprintStore(_initial >= 1024 ? 1 << 20 : _initial * 512);
    }

    /// <summary>Documents indexed: every document with words that reached <see cref="Add"/>, less removed members whose similarity to their match is 1 (see <see cref="Add"/>).</summary>
    public int Count => _ids.Count;

    /// <summary>Bytes held by the index (band maps, bucket chains, survivors, signatures or fingerprints, ids).</summary>
    public long Bytes
    {
        get
        {
            long b = _ids.Bytes + (long)_sigChunks.Count * _sigChunkDocs * _numPerm * 2 + _next.LongLength * 4 + _survivor.LongLength * 4;
            foreach (var m in _bands) b += m.Bytes;
            return b + (_sets?.Bytes ?? 0);
        }
    }

    public string IdOf(int slot) => _ids[slot];

    /// <summary>The survivor (first document) of the cluster <paramref name="slot"/> belongs to.</summary>
    public int SurvivorOf(int slot) => _survivor[slot];

    private ReadOnlySpan<ushort> SignatureOf(int slot) =>
        _sigChunks[slot / _sigChunkDocs].AsSpan(slot % _sigChunkDocs * _numPerm, _numPerm);

    private double Similarity(int slot, ReadOnlySpan<ushort> signature, ReadOnlySpan<uint> shingleSet) =>
        _sets is null ? MinHasher.EstimateJaccard(signature, SignatureOf(slot)) : FingerprintCodec.Jaccard(shingleSet, _sets[slot]);

    /// <summary>
    /// The earlier document this one duplicates (see the class rules), or -1. <paramref name="similarity"/> is
    /// the similarity to it; its cluster's survivor is <see cref="SurvivorOf"/>.
    /// </summary>
    public int FindDuplicate(ReadOnlySpan<ulong> bandHashes, ReadOnlySpan<ushort> signature, ReadOnlySpan<uint> shingleSet,
        double threshold, double floor, out double similarity)
    {
        int best = -1, visited = 0;
        similarity = 0;
        _seen.Clear();
        _survivorSimilarity.Clear();
        for (int b = 0; b < _bands.Length && visited < MaxCandidates; b++)
        {
            if (!_bands[b].TryGetValue(bandHashes[b], out int slot)) continue;
            for (; slot >= 0 && visited < MaxCandidates; slot = _next[(long)slot * _bands.Length + b])
            {
                if (!_seen.Add(slot)) continue;
                visited++;
                // The candidate's cluster first: its survivor is verified once per incoming document, and below
                // the floor (the chaining guard) no member of that cluster is verified at all.
                int r = _survivor[slot];
                if (!_survivorSimilarity.TryGetValue(r, out double sr)) _survivorSimilarity[r] = sr = Similarity(r, signature, shingleSet);
                if (sr < floor && slot != r) continue;
                double s = slot == r ? sr : Similarity(slot, signature, shingleSet);
                if (s >= threshold) Consider(slot, s, ref best, ref similarity);
            }
        }
        return best;
    }

    /// <summary>The best match: highest similarity, ties to the earliest document.</summary>
    private static void Consider(int slot, double s, ref int best, ref double similarity)
    {
        if (best >= 0 && (s < similarity || (s == similarity && slot > best))) return;
        best = slot;
        similarity = s;
    }

    /// <summary>
    /// Adds a document: a survivor (<paramref name="duplicateOf"/> = -1) or a member removed against
    /// <paramref name="duplicateOf"/>. Returns its slot, or -1 when it is not indexed: a member identical to its
    /// match (similarity 1) would meet every later document exactly as its match does, and the match is earlier.
    /// </summary>
    public int Add(string id, ReadOnlySpan<ulong> bandHashes, ReadOnlySpan<ushort> signature, ReadOnlySpan<byte> encodedShingles,
        int duplicateOf = -1, double similarity = 0)
    {
        if (duplicateOf >= 0 && similarity >= 1) return -1;
        int slot = _ids.Add(id);
        int nb = _bands.Length;
        if ((long)(slot + 1) * nb > _next.LongLength)
        {
            int cap = Math.Max(_initial, _survivor.Length * 2);
            Array.Resize(ref _survivor, cap);
            Array.Resize(ref _next, cap * nb);
        }
        _survivor[slot] = duplicateOf < 0 ? slot : _survivor[duplicateOf];
        if (_sets is not null) _sets.Add(encodedShingles);
        else
        {
            if (slot % _sigChunkDocs == 0) _sigChunks.Add(new ushort[_sigChunkDocs * _numPerm]);
            signature.CopyTo(_sigChunks[^1].AsSpan(slot % _sigChunkDocs * _numPerm, _numPerm));
        }
        for (int b = 0; b < nb; b++) _next[(long)slot * nb + b] = _bands[b].Exchange(bandHashes[b], slot);
        return slot;
    }
}
