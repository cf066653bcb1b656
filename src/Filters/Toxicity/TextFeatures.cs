using System.Text;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Hashed features of a text: lower-cased word unigrams and bigrams plus character 2–5-grams of each word padded
/// with spaces ("^word$" style), FNV-1a hashed into 2^bits buckets. Mentions become "@user", links "http".
/// Values are 1 per occurrence, then L2-normalised.
/// </summary>
internal static class TextFeatures
{
    public static void Extract(string text, int bits, List<int> indices, List<float> values)
    {
        indices.Clear();
        values.Clear();
        int mask = (1 << bits) - 1;
        var counts = new Dictionary<int, float>();
        var words = Words(text);
        string? prev = null;
        foreach (var w in words)
        {
            Add(counts, Hash(1, w) & mask);
            if (prev is not null) Add(counts, Hash(2, prev, w) & mask);
            prev = w;
            var padded = " " + w + " ";
            for (int n = 2; n <= 5; n++)
                for (int i = 0; i + n <= padded.Length; i++)
                    Add(counts, Hash((uint)(10 + n), padded.AsSpan(i, n)) & mask);
        }
        if (counts.Count == 0) return;
        double norm = 0;
        foreach (var v in counts.Values) norm += v * v;
        float inv = (float)(1 / Math.Sqrt(norm));
        foreach (var kv in counts)
        {
            indices.Add(kv.Key);
            values.Add(kv.Value * inv);
        }
    }

    private static void Add(Dictionary<int, float> counts, int index) => counts[index] = counts.GetValueOrDefault(index) + 1;

    internal static List<string> Words(string text)
    {
        var result = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.StartsWith('@')) { result.Add("@user"); continue; }
            if (raw.StartsWith("http", StringComparison.OrdinalIgnoreCase)) { result.Add("http"); continue; }
            var lower = raw.ToLowerInvariant().Replace("&amp;", "&", StringComparison.Ordinal);
            foreach (var w in TextUnits.Words(lower)) result.Add(w);
            foreach (var c in lower) if (c is '!' or '?') { result.Add(c.ToString()); break; }
        }
        return result;
    }

    private static int Hash(uint seed, ReadOnlySpan<char> a)
    {
        uint h = 2166136261u ^ (seed * 16777619u);
        foreach (var c in a) { h ^= c; h *= 16777619u; }
        return (int)(h & 0x7FFFFFFF);
    }

    private static int Hash(uint seed, string a, string b)
    {
        uint h = 2166136261u ^ (seed * 16777619u);
        foreach (var c in a) { h ^= c; h *= 16777619u; }
        h ^= 0x20; h *= 16777619u;
        foreach (var c in b) { h ^= c; h *= 16777619u; }
        return (int)(h & 0x7FFFFFFF);
    }

    internal static string Describe(int bits) => new StringBuilder().Append("word1+word2+char2-5@").Append(bits).ToString();
}
