using Pipeline.Core.Documents;

namespace Pipeline.Dedup;

/// <summary>
/// Precision/recall of near-duplicate removal against synthetic ground truth (<c>synthetic_cluster</c> metadata).
/// Truth: unordered pairs of documents in the same synthetic cluster whose exact word n-gram Jaccard similarity
/// (same normalisation and shingles as <c>dedup.minhash</c>) is at least the threshold.
/// </summary>
public static class DuplicateQuality
{
    /// <summary>
    /// Evaluates removals. <paramref name="documents"/> in input order; <paramref name="removed"/> maps a removed
    /// document's id to the id of the kept document it duplicates.
    /// </summary>
    public static QualityReport Evaluate(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, string> removed, double threshold, int shingleSize = 5)
    {
        var position = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++) position[documents[i].Id] = i;

        // Truth pairs and the exact-similarity histogram of all same-cluster pairs.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            if (documents[i].Meta.GetString("synthetic_cluster") is not { } c) continue;
            if (!groups.TryGetValue(c, out var l)) groups[c] = l = [];
            l.Add(i);
        }
        var truth = new HashSet<(int, int)>();
        var exactHistogram = new long[20];
        var words = new ulong[512];
        var shingles = new ulong[512];
        foreach (var g in groups.Values)
        {
            if (g.Count < 2) continue;
            var sets = g.Select(i =>
            {
                int n = Shingler.Shingles(documents[i].Text, shingleSize, ref words, ref shingles);
                return Shingler.ShingleSet(shingles.AsSpan(0, n));
            }).ToArray();
            for (int a = 0; a < g.Count; a++)
            {
                for (int b = a + 1; b < g.Count; b++)
                {
                    double j = Shingler.Jaccard(sets[a], sets[b]);
                    exactHistogram[Math.Min(19, (int)(j * 20))]++;
                    if (j >= threshold) truth.Add(Pair(g[a], g[b]));
                }
            }
        }

        // Predicted clusters: representative + the documents removed against it.
        var clusterOf = new Dictionary<int, List<int>>();
        long edgeTp = 0;
        foreach (var (member, kept) in removed)
        {
            if (!position.TryGetValue(member, out int m) || !position.TryGetValue(kept, out int k)) continue;
            if (!clusterOf.TryGetValue(k, out var l)) clusterOf[k] = l = [k];
            l.Add(m);
            if (truth.Contains(Pair(m, k))) edgeTp++;
        }
        long predicted = 0, tp = 0;
        foreach (var l in clusterOf.Values)
        {
            for (int a = 0; a < l.Count; a++)
            {
                for (int b = a + 1; b < l.Count; b++)
                {
                    predicted++;
                    if (truth.Contains(Pair(l[a], l[b]))) tp++;
                }
            }
        }

        // Document level: a document should go when an earlier document is its truth partner.
        var shouldGo = new HashSet<int>();
        foreach (var (a, b) in truth) shouldGo.Add(Math.Max(a, b));

        return new QualityReport
        {
            Documents = documents.Count,
            TruthPairs = truth.Count,
            PredictedPairs = predicted,
            TruePositivePairs = tp,
            Removed = removed.Count,
            CorrectRemovals = edgeTp,
            ShouldBeRemoved = shouldGo.Count,
            RemovedShouldBeRemoved = removed.Keys.Count(id => position.TryGetValue(id, out int m) && shouldGo.Contains(m)),
            ExactSimilarityHistogram = exactHistogram,
        };
    }

    private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);
}
