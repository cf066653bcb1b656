using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Quality;

/// <summary><c>filters.fineweb</c>: line punctuation, short lines, duplicated line characters, newline-to-word ratio.</summary>
internal sealed class FineWebFilter(FineWebOptions options) : FilterStep
{
    protected override Outcome Decide(Document document)
    {
        var text = document.Text;
        var lines = TextUnits.NonEmptyLines(text);
        if (lines.Count == 0) return Outcome.Drop(document, "fineweb:empty", "no non-empty lines");

        int punct = 0, shortLines = 0;
        foreach (var l in lines)
        {
            char c = l[^1];
            if (c is '.' or '?' or '!' or '"' or '\'' or '”' or '’' or '。' or '！' or '？' or '…') punct++;
            if (l.Length <= options.ShortLineLength) shortLines++;
        }
        double punctRatio = (double)punct / lines.Count;
        if (punctRatio < options.MinLinePunctRatio)
            return Outcome.Drop(document, "fineweb:line_punct_ratio", $"line_punct_ratio={TextUnits.F(punctRatio)} < {TextUnits.F(options.MinLinePunctRatio)}");
        double shortRatio = (double)shortLines / lines.Count;
        if (shortRatio > options.MaxShortLineRatio)
            return Outcome.Drop(document, "fineweb:short_line_ratio", $"short_line_ratio={TextUnits.F(shortRatio)} > {TextUnits.F(options.MaxShortLineRatio)}");

        var (_, dupChars) = GopherRepetitionFilter.Duplicates(lines);
        long chars = 0;
        foreach (var l in lines) chars += l.Length;
        double dupRatio = chars == 0 ? 0 : (double)dupChars / chars;
        if (dupRatio > options.MaxDupLineCharRatio)
            return Outcome.Drop(document, "fineweb:dup_line_char_ratio", $"dup_line_char_ratio={TextUnits.F(dupRatio)} > {TextUnits.F(options.MaxDupLineCharRatio)}");

        int words = TextUnits.CountWords(text);
        int newlines = 0;
        foreach (var c in text) if (c == '\n') newlines++;
        double nl = words == 0 ? double.PositiveInfinity : (double)newlines / words;
        if (nl > options.MaxNewlineWordRatio)
            return Outcome.Drop(document, "fineweb:newline_word_ratio", $"newline_word_ratio={TextUnits.F(nl)} > {TextUnits.F(options.MaxNewlineWordRatio)}");
        return Outcome.Keep(document);
    }
}
