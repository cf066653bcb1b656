using System.Globalization;
using System.Text;
using Pipeline.Core.Documents;

namespace Pipeline.Dedup.Tests;

/// <summary>
/// A tiny deterministic corpus with ground truth: originals, exact duplicates and near duplicates made by
/// word edits (substitute/insert/delete) at a rate drawn from [editMin, editMax]. Metadata follows the shared
/// synthetic format: synthetic_kind, synthetic_cluster, near_dup_edit_rate.
/// </summary>
internal static class NearDupCorpus
{
    private static readonly string[] Vocabulary = BuildVocabulary(20000);

    private static string[] BuildVocabulary(int n)
    {
        var rng = new Random(12345);
        var words = new HashSet<string>(StringComparer.Ordinal);
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        while (words.Count < n)
        {
            int len = 2 + rng.Next(9);
            var sb = new StringBuilder(len);
            for (int i = 0; i < len; i++) sb.Append(letters[rng.Next(letters.Length)]);
            words.Add(sb.ToString());
        }
        return [.. words];
    }

    public static List<Document> Generate(int count, int seed = 7, double nearRate = 0.3, double exactRate = 0.05,
        double editMin = 0.01, double editMax = 0.03, int minWords = 150, int maxWords = 400)
    {
        var rng = new Random(seed);
        var docs = new List<Document>(count);
        var originals = new List<(List<string> Words, string Cluster)>();
        for (int i = 0; i < count; i++)
        {
            double u = rng.NextDouble();
            string id = DocumentId.For("synthetic-dedup", i);
            var source = SourceRef.Synthetic("synthetic-dedup", i);
            if (originals.Count > 0 && u < nearRate)
            {
                var (words, cluster) = originals[rng.Next(originals.Count)];
                double rate = editMin + rng.NextDouble() * (editMax - editMin);
                var edited = Edit(words, rate, rng);
                docs.Add(new Document(id, Render(edited), source, Meta.Empty
                    .Set("synthetic_kind", "near_duplicate").Set("synthetic_cluster", cluster).Set("near_dup_edit_rate", rate)));
            }
            else if (originals.Count > 0 && u < nearRate + exactRate)
            {
                var (words, cluster) = originals[rng.Next(originals.Count)];
                docs.Add(new Document(id, Render(words), source, Meta.Empty.Set("synthetic_kind", "exact_duplicate").Set("synthetic_cluster", cluster)));
            }
            else
            {
                int n = minWords + rng.Next(maxWords - minWords + 1);
                var words = new List<string>(n);
                for (int w = 0; w < n; w++) words.Add(RandomWord(rng));
                string cluster = "c" + i.ToString(CultureInfo.InvariantCulture);
                originals.Add((words, cluster));
                docs.Add(new Document(id, Render(words), source, Meta.Empty.Set("synthetic_kind", "original").Set("synthetic_cluster", cluster)));
            }
        }
        return docs;
    }

    private static string RandomWord(Random rng)
    {
        double u = rng.NextDouble();
        int i = (int)(u * u * Vocabulary.Length); // skewed towards frequent words
        return rng.Next(40) == 0 ? rng.Next(1000).ToString(CultureInfo.InvariantCulture) : Vocabulary[i];
    }

    private static List<string> Edit(List<string> words, double rate, Random rng)
    {
        var w = new List<string>(words);
        int edits = Math.Max(1, (int)Math.Round(rate * words.Count));
        for (int e = 0; e < edits; e++)
        {
            int at = rng.Next(w.Count);
            switch (rng.Next(3))
            {
                case 0: w[at] = RandomWord(rng); break;
                case 1: w.Insert(at, RandomWord(rng)); break;
                default: if (w.Count > 1) w.RemoveAt(at); break;
            }
        }
        return w;
    }

    private static string Render(List<string> words)
    {
        var sb = new StringBuilder(words.Count * 7);
        for (int i = 0; i < words.Count; i++)
        {
            if (i > 0) sb.Append(i % 13 == 0 ? ". " : " ");
            sb.Append(i % 13 == 1 && words[i].Length > 0 ? char.ToUpperInvariant(words[i][0]) + words[i][1..] : words[i]);
        }
        return sb.Append('.').ToString();
    }
}
