using System.Text.RegularExpressions;

namespace Pipeline.Ingest.Html;

/// <summary>
/// The article-extraction metric: bags of 4-gram shingles over lowercased \w+ tokens; per page precision and recall of the
/// predicted bag against the expected one; both averaged over pages; F1 from the two means.
/// </summary>
internal static partial class ExtractionScore
{
    /// <summary>Precision and recall of one page. An empty prediction against non-empty truth scores 0/0; both empty score 1/1.</summary>
    public static (double Precision, double Recall) Page(string predicted, string expected)
    {
        var p = Shingles(predicted);
        var e = Shingles(expected);
        if (p.Count == 0 && e.Count == 0) return (1, 1);
        if (p.Count == 0 || e.Count == 0) return (0, 0);
        long inter = 0, pn = 0, en = 0;
        foreach (var (k, v) in p) { pn += v; if (e.TryGetValue(k, out var ev)) inter += Math.Min(v, ev); }
        foreach (var v in e.Values) en += v;
        return ((double)inter / pn, (double)inter / en);
    }

    /// <summary>F1 from mean precision and mean recall.</summary>
    public static double F1(double precision, double recall) => precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

    internal static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0) return bag;
        if (tokens.Count < 4) { bag[string.Join(' ', tokens)] = 1; return bag; }
        for (int i = 0; i + 4 <= tokens.Count; i++)
        {
            var k = string.Join(' ', tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]);
            bag[k] = bag.GetValueOrDefault(k) + 1;
        }
        return bag;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
