using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Quality;

/// <summary><c>filters.gopher_repetition</c>: repeated lines, paragraphs and n-grams (Gopher).</summary>
internal sealed class GopherRepetitionFilter(GopherRepetitionOptions options) : FilterStep
{
    private readonly double[] _top = [options.MaxTop2GramCharFrac, options.MaxTop3GramCharFrac, options.MaxTop4GramCharFrac];
    private readonly double[] _dup = [options.MaxDup5GramCharFrac, options.MaxDup6GramCharFrac, options.MaxDup7GramCharFrac,
        options.MaxDup8GramCharFrac, options.MaxDup9GramCharFrac, options.MaxDup10GramCharFrac];

    protected override Outcome Decide(Document document)
    {
        var text = document.Text;
        int total = Math.Max(1, text.Length);

        var lines = TextUnits.NonEmptyLines(text);
        var (dupLines, dupLineChars) = Duplicates(lines);
        if (lines.Count > 0)
        {
            double f = (double)dupLines / lines.Count;
            if (f > options.MaxDupLineFrac) return Drop(document, "dup_line_frac", f, options.MaxDupLineFrac);
        }
        var paras = TextUnits.Paragraphs(text);
        var (dupParas, dupParaChars) = Duplicates(paras);
        if (paras.Count > 0)
        {
            double f = (double)dupParas / paras.Count;
            if (f > options.MaxDupParaFrac) return Drop(document, "dup_para_frac", f, options.MaxDupParaFrac);
        }
        double lc = (double)dupLineChars / total;
        if (lc > options.MaxDupLineCharFrac) return Drop(document, "dup_line_char_frac", lc, options.MaxDupLineCharFrac);
        double pc = (double)dupParaChars / total;
        if (pc > options.MaxDupParaCharFrac) return Drop(document, "dup_para_char_frac", pc, options.MaxDupParaCharFrac);

        var words = TextUnits.Words(text);
        if (words.Count == 0) return Outcome.Keep(document);
        var ids = new int[words.Count];
        var lengths = new int[words.Count];
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        long wordChars = 0;
        for (int i = 0; i < words.Count; i++)
        {
            var w = words[i].ToLowerInvariant();
            if (!vocab.TryGetValue(w, out var id)) vocab[w] = id = vocab.Count;
            ids[i] = id;
            lengths[i] = w.Length;
            wordChars += w.Length;
        }

        for (int n = 2; n <= 4; n++)
        {
            double f = TopNGramCharFrac(ids, lengths, n, wordChars);
            if (f > _top[n - 2]) return Drop(document, $"top_{n}gram_char_frac", f, _top[n - 2]);
        }
        // Characters covered by duplicated (n+1)-grams are a subset of those covered by duplicated n-grams, so the
        // fraction never rises with n: once it is at or below every remaining threshold, no later rule can fire.
        for (int n = 5; n <= 10; n++)
        {
            double f = DupNGramCharFrac(ids, lengths, n, wordChars);
            if (f > _dup[n - 5]) return Drop(document, $"dup_{n}gram_char_frac", f, _dup[n - 5]);
            bool anyLater = false;
            for (int m = n + 1; m <= 10; m++) if (f > _dup[m - 5]) anyLater = true;
            if (!anyLater) break;
        }
        return Outcome.Keep(document);
    }

    private static Outcome Drop(Document d, string rule, double value, double threshold) =>
        Outcome.Drop(d, "gopher_repetition:" + rule, $"{rule}={TextUnits.F(value)} > {TextUnits.F(threshold)}");

    /// <summary>Number of elements equal to an earlier one, and their characters.</summary>
    internal static (int Count, long Chars) Duplicates(List<string> elements)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int count = 0;
        long chars = 0;
        foreach (var e in elements)
        {
            if (!seen.Add(e)) { count++; chars += e.Length; }
        }
        return (count, chars);
    }

    private static ulong Hash(int[] ids, int start, int n)
    {
        ulong h = 14695981039346656037UL;
        for (int i = start; i < start + n; i++) h = (h ^ (ulong)(uint)ids[i]) * 1099511628211UL + 0x9E3779B97F4A7C15UL;
        return h;
    }

    /// <summary>Characters of the most frequent n-gram times its count, over all word characters (0 when none repeats).</summary>
    internal static double TopNGramCharFrac(int[] ids, int[] lengths, int n, long wordChars)
    {
        if (ids.Length < n || wordChars == 0) return 0;
        var counts = new Dictionary<ulong, (int Count, int Chars)>();
        int bestCount = 1;
        long best = 0;
        for (int i = 0; i + n <= ids.Length; i++)
        {
            var h = Hash(ids, i, n);
            if (counts.TryGetValue(h, out var c)) c.Count++;
            else
            {
                int chars = 0;
                for (int k = i; k < i + n; k++) chars += lengths[k];
                c = (1, chars);
            }
            counts[h] = c;
            if (c.Count > 1 && (c.Count > bestCount || (c.Count == bestCount && (long)c.Count * c.Chars > best)))
            {
                bestCount = c.Count;
                best = (long)c.Count * c.Chars;
            }
        }
        return (double)best / wordChars;
    }

    /// <summary>Fraction of word characters covered by n-grams that occur more than once.</summary>
    internal static double DupNGramCharFrac(int[] ids, int[] lengths, int n, long wordChars)
    {
        if (ids.Length < n || wordChars == 0) return 0;
        var counts = new Dictionary<ulong, int>();
        var hashes = new ulong[ids.Length - n + 1];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Hash(ids, i, n);
            counts[hashes[i]] = counts.GetValueOrDefault(hashes[i]) + 1;
        }
        var covered = new bool[ids.Length];
        for (int i = 0; i < hashes.Length; i++)
            if (counts[hashes[i]] > 1)
                for (int k = i; k < i + n; k++) covered[k] = true;
        long chars = 0;
        for (int i = 0; i < covered.Length; i++) if (covered[i]) chars += lengths[i];
        return (double)chars / wordChars;
    }
}
