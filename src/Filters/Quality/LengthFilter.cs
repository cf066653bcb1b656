using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Quality;

/// <summary><c>filters.length</c>: character and word count bounds.</summary>
internal sealed class LengthFilter(LengthOptions options) : FilterStep
{
    protected override Outcome Decide(Document document)
    {
        var text = document.Text;
        int chars = text.Length;
        if (options.MinChars > 0 && chars < options.MinChars) return Outcome.Drop(document, "length:min_chars", $"chars={chars} < {options.MinChars}");
        if (options.MaxChars > 0 && chars > options.MaxChars) return Outcome.Drop(document, "length:max_chars", $"chars={chars} > {options.MaxChars}");
        if (options.MinWords > 0 || options.MaxWords > 0)
        {
            int words = TextUnits.CountWords(text);
            if (options.MinWords > 0 && words < options.MinWords) return Outcome.Drop(document, "length:min_words", $"words={words} < {options.MinWords}");
            if (options.MaxWords > 0 && words > options.MaxWords) return Outcome.Drop(document, "length:max_words", $"words={words} > {options.MaxWords}");
        }
        return Outcome.Keep(document);
    }
}
