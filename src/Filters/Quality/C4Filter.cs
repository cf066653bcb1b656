using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Quality;

/// <summary>
/// <c>filters.c4</c>: C4 line cleaning (terminal punctuation, short lines, javascript and policy lines,
/// citation marks), then document rules (lorem ipsum, curly bracket, too few sentences).
/// Returns <see cref="Outcome.Modify"/> when lines were removed or changed.
/// </summary>
internal sealed partial class C4Filter(C4Options options) : FilterStep
{
    private static readonly string[] PolicyPhrases = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

    [GeneratedRegex(@"\[\d+\]|\[edit\]|\[citation needed\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    [GeneratedRegex(@"[.!?。！？]+(?=[""'”’)\]]*(\s|$))", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    protected override Outcome Decide(Document document)
    {
        var text = document.Text;
        if (options.DropLoremIpsum && text.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
            return Outcome.Drop(document, "c4:lorem_ipsum", "contains 'lorem ipsum'");
        if (options.DropCurlyBracket && text.Contains('{'))
            return Outcome.Drop(document, "c4:curly_bracket", "contains '{'");

        var kept = new StringBuilder(text.Length);
        int removed = 0, changed = 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var raw in TextUnits.Lines(text))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (options.RemoveCitations)
            {
                var cleaned = Citation().Replace(line, "").Trim();
                if (cleaned.Length != line.Length) { changed++; line = cleaned; }
                if (line.Length == 0) { removed++; continue; }
            }
            string? why = LineRule(line);
            if (why is not null)
            {
                removed++;
                counts[why] = counts.GetValueOrDefault(why) + 1;
                continue;
            }
            if (kept.Length > 0) kept.Append('\n');
            kept.Append(line);
        }
        var result = kept.ToString();
        int sentences = SentenceEnd().Matches(result).Count;
        if (sentences < options.MinSentences)
            return Outcome.Drop(document, "c4:too_few_sentences", $"sentences={sentences} < {options.MinSentences}; lines_removed={removed}");
        if (result == text) return Outcome.Keep(document);
        var details = $"lines_removed={removed}; lines_changed={changed}" + (counts.Count == 0 ? "" : "; " + string.Join(", ", counts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}")));
        return Outcome.Modify(document with { Text = result }, "c4:lines_removed", details);
    }

    /// <summary>The line rule that removes <paramref name="line"/>, or null to keep it.</summary>
    internal string? LineRule(string line)
    {
        if (options.RequireTerminalPunctuation && !EndsWithTerminal(line)) return "no_terminal_punctuation";
        var words = TextUnits.Tokens(line);
        if (words.Count < options.MinWordsPerLine) return "short_line";
        foreach (var w in words) if (w.Length > options.MaxWordLength) return "long_word";
        if (options.RemoveJavascriptLines && line.Contains("javascript", StringComparison.OrdinalIgnoreCase)) return "javascript";
        if (options.RemovePolicyLines)
            foreach (var p in PolicyPhrases)
                if (line.Contains(p, StringComparison.OrdinalIgnoreCase)) return "policy";
        return null;
    }

    private static bool EndsWithTerminal(string line)
    {
        if (line.EndsWith("...", StringComparison.Ordinal) || line.EndsWith('…')) return false;
        char c = line[^1];
        return c is '.' or '?' or '!' or '"' or '\'' or '”' or '’' or '。' or '！' or '？';
    }
}
