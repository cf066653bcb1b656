using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Quality;

/// <summary><c>filters.gopher_quality</c>: the Gopher quality heuristics.</summary>
internal sealed class GopherQualityFilter(GopherQualityOptions options) : FilterStep
{
    private readonly HashSet<string> _stopWords = new(options.StopWords.Select(s => s.ToLowerInvariant()), StringComparer.Ordinal);
    private readonly HashSet<string> _languages = new(options.StopWordLanguages, StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Bullets = ["•", "●", "○", "◦", "▪", "▫", "‣", "⁃", "■", "□", "-", "*", "–", "—", "→", "➢", "✓"];

    protected override Outcome Decide(Document document)
    {
        var text = document.Text;
        var tokens = TextUnits.Tokens(text);
        int words = 0;
        long wordChars = 0;
        int alphaWords = 0;
        int stopWords = 0;
        foreach (var t in tokens)
        {
            if (!TextUnits.HasWordChar(t)) continue;
            words++;
            var n = TextUnits.Normalise(t);
            wordChars += n.Length;
            if (TextUnits.HasLetter(t)) alphaWords++;
            if (_stopWords.Contains(n)) stopWords++;
        }
        if (words < options.MinWords) return Outcome.Drop(document, "gopher_quality:min_words", $"words={words} < {options.MinWords}");
        if (words > options.MaxWords) return Outcome.Drop(document, "gopher_quality:max_words", $"words={words} > {options.MaxWords}");

        double mean = words == 0 ? 0 : (double)wordChars / words;
        if (mean < options.MinMeanWordLength) return Outcome.Drop(document, "gopher_quality:mean_word_length", $"mean_word_length={TextUnits.F(mean)} < {TextUnits.F(options.MinMeanWordLength)}");
        if (mean > options.MaxMeanWordLength) return Outcome.Drop(document, "gopher_quality:mean_word_length", $"mean_word_length={TextUnits.F(mean)} > {TextUnits.F(options.MaxMeanWordLength)}");

        int symbols = CountOf(text, "#") + CountOf(text, "...") + CountOf(text, "…");
        double symbolRatio = words == 0 ? 0 : (double)symbols / words;
        if (symbolRatio > options.MaxSymbolWordRatio) return Outcome.Drop(document, "gopher_quality:symbol_word_ratio", $"symbol_word_ratio={TextUnits.F(symbolRatio)} > {TextUnits.F(options.MaxSymbolWordRatio)}");

        var lines = TextUnits.NonEmptyLines(text);
        if (lines.Count > 0)
        {
            int bullets = 0, ellipsis = 0;
            foreach (var l in lines)
            {
                foreach (var b in Bullets) if (l.StartsWith(b, StringComparison.Ordinal)) { bullets++; break; }
                if (l.EndsWith("...", StringComparison.Ordinal) || l.EndsWith('…')) ellipsis++;
            }
            double bulletRatio = (double)bullets / lines.Count;
            if (bulletRatio > options.MaxBulletLinesRatio) return Outcome.Drop(document, "gopher_quality:bullet_lines_ratio", $"bullet_lines_ratio={TextUnits.F(bulletRatio)} > {TextUnits.F(options.MaxBulletLinesRatio)}");
            double ellipsisRatio = (double)ellipsis / lines.Count;
            if (ellipsisRatio > options.MaxEllipsisLinesRatio) return Outcome.Drop(document, "gopher_quality:ellipsis_lines_ratio", $"ellipsis_lines_ratio={TextUnits.F(ellipsisRatio)} > {TextUnits.F(options.MaxEllipsisLinesRatio)}");
        }

        double alphaRatio = words == 0 ? 0 : (double)alphaWords / words;
        if (alphaRatio < options.MinAlphaWordsRatio) return Outcome.Drop(document, "gopher_quality:alpha_words_ratio", $"alpha_words_ratio={TextUnits.F(alphaRatio)} < {TextUnits.F(options.MinAlphaWordsRatio)}");

        var language = document.Meta.GetString("language");
        bool applyStop = _languages.Count == 0 || language is null || _languages.Contains(language);
        if (applyStop && stopWords < options.MinStopWords) return Outcome.Drop(document, "gopher_quality:stop_words", $"stop_words={stopWords} < {options.MinStopWords}");
        return Outcome.Keep(document);
    }

    private static int CountOf(string text, string needle)
    {
        int n = 0, i = 0;
        while ((i = text.IndexOf(needle, i, StringComparison.Ordinal)) >= 0) { n++; i += needle.Length; }
        return n;
    }
}
