namespace Pipeline.Dedup;

/// <summary>
/// Replays one candidate component — documents joined by shared band buckets, in global order — through the
/// streaming step's own index (<see cref="LshIndex"/>): a document's candidates all share a bucket with it, and the
/// survivors of their clusters are linked to them by verified matches, so every document the streaming step would
/// look at is in the component, in the same order, and the decisions are the streaming step's by construction.
/// Shared by the single-process <c>dedup cluster</c> and the clustering of bucket-task edges.
/// </summary>
internal static class ComponentReplay
{
    /// <summary>The documents a replay reads: per member (an index into these stores) its band hashes, compact signature or coded fingerprints, and id.</summary>
    internal sealed record Store(ulong[] Bands, int[]? BandRowOf, ushort[] Compact, FingerprintStore? Fingerprints, StringStore Ids);

    /// <summary>
    /// Replays <paramref name="members"/> (store indices in global order). For each removed member d:
    /// <paramref name="duplicateOf"/>[d] = the store index it matched, <paramref name="similarity"/>[d] (rounded to 4
    /// places) and <paramref name="survivorOf"/>[d] = its cluster's survivor; -1 in <paramref name="duplicateOf"/> for kept ones.
    /// </summary>
    public static void Run(Store store, ReadOnlySpan<int> members, int bands, int numPerm, double threshold, double floor,
        int[] duplicateOf, double[] similarity, int[] survivorOf)
    {
        bool exact = store.Fingerprints is not null;
        var index = new LshIndex(bands, numPerm, exact, members.Length);
        var storeOf = new List<int>(members.Length);
        foreach (int d in members)
        {
            int row = store.BandRowOf?[d] ?? d;
            var bandsOf = store.Bands.AsSpan((int)((long)row * bands), bands);
            var sig = exact ? default : store.Compact.AsSpan((int)((long)d * numPerm), numPerm);
            var encoded = exact ? store.Fingerprints![d] : default;
            var query = exact ? FingerprintCodec.Decode(encoded) : null;
            int match = index.FindDuplicate(bandsOf, sig, query, threshold, floor, out double sim);
            duplicateOf[d] = -1;
            if (match >= 0)
            {
                duplicateOf[d] = storeOf[match];
                similarity[d] = Math.Round(sim, 4);
                survivorOf[d] = storeOf[index.SurvivorOf(match)];
            }
            if (index.Add(store.Ids[d], bandsOf, sig, encoded, match, sim) >= 0) storeOf.Add(d);
        }
    }
}
