namespace Pipeline.Dedup;

/// <summary>
/// The streaming near-duplicate index of kept documents: per band a flat map band hash → document slot,
/// their ids in a <see cref="StringStore"/> and, in chunked arrays, either the 16-bit compact signature of every
/// kept document (estimate mode) or its coded shingle fingerprints (exact verification). No per-document objects.
/// </summary>
internal sealed class LshIndex
{
    private const int SigChunkDocs = 1 << 14;
    private readonly LongIntMap[] _bands;
    private readonly int _numPerm;
    private readonly List<ushort[]> _sigChunks = [];
    private readonly StringStore _ids = new();
    private readonly FingerprintStore? _sets;

    public LshIndex(int bands, int numPerm, bool keepShingleSets)
    {
        _bands = new LongIntMap[bands];
        for (int b = 0; b < bands; b++) _bands[b] = new LongIntMap();
        _numPerm = numPerm;
        if (keepShingleSets) _sets = new FingerprintStore();
    }

    public int Count => _ids.Count;

    /// <summary>Bytes held by the index (band maps, signatures or fingerprints, ids).</summary>
    public long Bytes
    {
        get
        {
            long b = _ids.Bytes + (long)_sigChunks.Count * SigChunkDocs * _numPerm * 2;
            foreach (var m in _bands) b += m.Bytes;
            return b + (_sets?.Bytes ?? 0);
        }
    }

    public string IdOf(int slot) => _ids[slot];

    public ReadOnlySpan<ushort> SignatureOf(int slot) =>
        _sigChunks[slot / SigChunkDocs].AsSpan(slot % SigChunkDocs * _numPerm, _numPerm);

    /// <summary>
    /// The kept document most similar to this one among those sharing a band with it, when its similarity
    /// reaches <paramref name="threshold"/>; ties go to the earliest kept document. -1 when none.
    /// </summary>
    public int FindDuplicate(ReadOnlySpan<ulong> bandHashes, ReadOnlySpan<ushort> signature, ReadOnlySpan<uint> shingleSet,
        double threshold, out double similarity)
    {
        int best = -1;
        similarity = 0;
        for (int b = 0; b < _bands.Length; b++)
        {
            if (!_bands[b].TryGetValue(bandHashes[b], out int slot) || slot == best) continue;
            double s = _sets is null ? MinHasher.EstimateJaccard(signature, SignatureOf(slot)) : FingerprintCodec.Jaccard(shingleSet, _sets[slot]);
            if (s >= threshold && (best < 0 || s > similarity || (s == similarity && slot < best)))
            {
                best = slot;
                similarity = s;
            }
        }
        return best;
    }

    /// <summary>Adds a kept document; returns its slot.</summary>
    public int Add(string id, ReadOnlySpan<ulong> bandHashes, ReadOnlySpan<ushort> signature, ReadOnlySpan<byte> encodedShingles)
    {
        int slot = _ids.Add(id);
        if (_sets is not null) _sets.Add(encodedShingles);
        else
        {
            if (slot % SigChunkDocs == 0) _sigChunks.Add(new ushort[SigChunkDocs * _numPerm]);
            signature.CopyTo(_sigChunks[^1].AsSpan(slot % SigChunkDocs * _numPerm, _numPerm));
        }
        for (int b = 0; b < _bands.Length; b++) _bands[b].TryAdd(bandHashes[b], slot);
        return slot;
    }
}
