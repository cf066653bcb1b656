using System.Globalization;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Word lists in the LDNOOBW format (one term per line, multi-word phrases allowed), matched on whole words
/// (lower-cased; CJK/Thai characters are words, so phrases in those scripts match character sequences).
/// Optional severity weights per term (default weight 1).
/// </summary>
public sealed class ToxicityLexicon
{
    private readonly Dictionary<string, List<(string[] Words, double Weight)>> _byFirst = new(StringComparer.Ordinal);

    /// <summary>Number of terms.</summary>
    public int Count { get; private set; }

    /// <summary>Builds a lexicon from terms and optional weights (keys lower-cased).</summary>
    public ToxicityLexicon(IEnumerable<string> terms, IReadOnlyDictionary<string, double>? weights = null)
    {
        foreach (var raw in terms)
        {
            var term = raw.Trim().ToLowerInvariant();
            if (term.Length == 0 || term.StartsWith('#')) continue;
            var words = TextUnits.Words(term).ToArray();
            if (words.Length == 0 || !term.All(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || c is '-' or '\'' or '\u2019' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark || char.IsSurrogate(c)))
                continue; // symbols ("a$$", "h@ck") cannot match as whole words
            double weight = weights is not null && weights.TryGetValue(term, out var w0) ? w0 : 1.0;
            if (!_byFirst.TryGetValue(words[0], out var list)) _byFirst[words[0]] = list = [];
            list.Add((words, weight));
            Count++;
        }
    }

    /// <summary>Reads LDNOOBW-style list files.</summary>
    public static IEnumerable<string> ReadTerms(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"lexicon file '{path}' not found", path);
        return File.ReadLines(path);
    }

    /// <summary>Reads severity weights from a CSV with a term column ("text" or "term") and a severity column ("severity_rating", "severity" or "weight").</summary>
    public static Dictionary<string, double> ReadWeights(string path)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        string[]? header = null;
        int t = -1, s = -1;
        foreach (var rec in Csv.Read(path))
        {
            if (header is null)
            {
                header = rec;
                t = Array.FindIndex(header, h => h.Trim() is "text" or "term");
                s = Array.FindIndex(header, h => h.Trim() is "severity_rating" or "severity" or "weight");
                if (t < 0 || s < 0) throw new InvalidDataException($"{path}: severity CSV needs a 'text' or 'term' column and a 'severity_rating', 'severity' or 'weight' column");
                continue;
            }
            if (rec.Length <= Math.Max(t, s)) continue;
            if (double.TryParse(rec[s], NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
                result[rec[t].Trim().ToLowerInvariant()] = w;
        }
        return result;
    }

    /// <summary>Hits in <paramref name="text"/>: number of matches, their summed weight, and the number of words.</summary>
    public (int Hits, double Weighted, int Words) Match(string text)
    {
        var words = TextUnits.Words(text.ToLowerInvariant());
        int hits = 0;
        double weighted = 0;
        for (int i = 0; i < words.Count; i++)
        {
            if (!_byFirst.TryGetValue(words[i], out var candidates)) continue;
            int best = 0;
            double bestWeight = 0;
            foreach (var (phrase, weight) in candidates)
            {
                if (phrase.Length <= best || i + phrase.Length > words.Count) continue;
                bool ok = true;
                for (int k = 1; k < phrase.Length && ok; k++) ok = words[i + k] == phrase[k];
                if (ok) { best = phrase.Length; bestWeight = weight; }
            }
            if (best > 0)
            {
                hits++;
                weighted += bestWeight;
                i += best - 1;
            }
        }
        return (hits, weighted, words.Count);
    }
}
