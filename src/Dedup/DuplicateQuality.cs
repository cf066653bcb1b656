using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>
/// Precision/recall of near-duplicate clusters against exact ground truth. Truth: unordered pairs of documents in
/// the same truth group whose exact word n-gram Jaccard similarity (same normalisation and shingles as
/// <c>dedup.minhash</c>) is at least the threshold. Synthetic corpora group by <c>synthetic_cluster</c> (pairs
/// across groups are never near duplicates by construction); a real set puts every document in one group
/// (all pairs are compared) and labels each document with its source for counting cross-source merges.
/// </summary>
public static class DuplicateQuality
{
    /// <summary>
    /// Evaluates removals on a synthetic corpus. <paramref name="removed"/> maps a removed document's id to the
    /// earlier document it matched and its cluster (survivor) id.
    /// </summary>
    public static QualityReport Evaluate(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, (string Match, string Cluster)> removed,
        double threshold, int shingleSize = 5) =>
        Evaluate(documents, removed, threshold, d => d.Meta.GetString("synthetic_cluster"), d => d.Meta.GetString("synthetic_cluster") ?? d.Id, shingleSize);

    /// <summary>
    /// Evaluates removals: truth pairs are compared inside <paramref name="truthGroup"/> (null: no partner);
    /// <paramref name="source"/> labels documents for <see cref="QualityReport.CrossSourcePairs"/>.
    /// </summary>
    public static QualityReport Evaluate(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, (string Match, string Cluster)> removed,
        double threshold, Func<Document, string?> truthGroup, Func<Document, string> source, int shingleSize = 5)
    {
        var position = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++) position[documents[i].Id] = i;
        var sets = new uint[]?[documents.Count];
        var words = new ulong[512];
        var shingles = new ulong[512];
        uint[] SetOf(int i)
        {
            if (sets[i] is { } s) return s;
            int n = Shingler.Shingles(documents[i].Text, shingleSize, ref words, ref shingles);
            return sets[i] = Shingler.ShingleSet(shingles.AsSpan(0, n));
        }
        double Sim(int a, int b) => Shingler.Jaccard(SetOf(a), SetOf(b));

        // Truth pairs and the exact-similarity histogram of all pairs compared.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            if (truthGroup(documents[i]) is not { } c) continue;
            if (!groups.TryGetValue(c, out var l)) groups[c] = l = [];
            l.Add(i);
        }
        var truth = new HashSet<(int, int)>();
        var exactHistogram = new long[20];
        foreach (var g in groups.Values)
        {
            for (int a = 0; a < g.Count; a++)
            {
                if (SetOf(g[a]).Length == 0) continue;
                for (int b = a + 1; b < g.Count; b++)
                {
                    if (SetOf(g[b]).Length == 0) continue;
                    double j = Sim(g[a], g[b]);
                    exactHistogram[Math.Min(19, (int)(j * 20))]++;
                    if (j >= threshold) truth.Add(Pair(g[a], g[b]));
                }
            }
        }

        // Predicted clusters: survivor + the documents removed into its cluster.
        var clusterOf = new Dictionary<int, List<int>>();
        long edgeTp = 0;
        foreach (var (member, (match, cluster)) in removed)
        {
            if (!position.TryGetValue(member, out int m) || !position.TryGetValue(match, out int k) || !position.TryGetValue(cluster, out int r)) continue;
            if (!clusterOf.TryGetValue(r, out var l)) clusterOf[r] = l = [r];
            l.Add(m);
            if (truth.Contains(Pair(m, k))) edgeTp++;
        }
        long predicted = 0, tp = 0, cross = 0;
        int largest = 0;
        double largestMin = 1, overallMin = 1;
        foreach (var l in clusterOf.Values.OrderBy(l => l[0]))
        {
            double min = 1;
            for (int a = 0; a < l.Count; a++)
            {
                for (int b = a + 1; b < l.Count; b++)
                {
                    predicted++;
                    if (truth.Contains(Pair(l[a], l[b]))) tp++;
                    if (source(documents[l[a]]) != source(documents[l[b]])) cross++;
                    min = Math.Min(min, Sim(l[a], l[b]));
                }
            }
            overallMin = Math.Min(overallMin, min);
            if (l.Count > largest || (l.Count == largest && min < largestMin)) (largest, largestMin) = (l.Count, min);
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
            CrossSourcePairs = cross,
            Removed = removed.Count,
            CorrectRemovals = edgeTp,
            ShouldBeRemoved = shouldGo.Count,
            RemovedShouldBeRemoved = removed.Keys.Count(id => position.TryGetValue(id, out int m) && shouldGo.Contains(m)),
            LargestCluster = largest,
            LargestClusterMinSimilarity = largest == 0 ? 1 : largestMin,
            MinClusterPairSimilarity = overallMin,
            ExactSimilarityHistogram = exactHistogram,
        };
    }

    /// <summary>Removed documents of a run: id → (the document it matched, its cluster's survivor).</summary>
    public static Dictionary<string, (string Match, string Cluster)> Removals(IEnumerable<Outcome> outcomes) =>
        outcomes.Where(o => o.Action == OutcomeAction.Dropped).ToDictionary(o => o.Document.Id, o =>
        {
            string match = o.Document.Meta.GetString("duplicate_of") ?? "";
            return (match, o.Document.Meta.GetString("duplicate_cluster") ?? match);
        }, StringComparer.Ordinal);

    private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);
}
