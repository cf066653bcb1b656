namespace Pipeline.Ingest.Html;

/// <summary>
/// Cheap linear checks run before an HTML payload is parsed: whether it is text at all, and how deep its tags nest.
/// The HTML parser's work grows faster than linearly with nesting depth (10,000 nested elements cost seconds, 100,000
/// minutes), so a page nested beyond the budget is refused before parsing instead of being parsed.
/// </summary>
internal static class HtmlGuard
{
    /// <summary>
    /// Default nesting budget. The deepest of the 1,120 extraction dev pages nests 40 levels by this estimate (median 14);
    /// Blink caps its parser's tree at 512. Parsing plus extraction cost about 0.4 s at 300 levels and 3 s at 900.
    /// </summary>
    public const int DefaultMaxDepth = 256;

    /// <summary>Share of control characters (C0 other than tab/line breaks, DEL, C1) and U+FFFD above which a payload is not text.</summary>
    public const double MaxNonTextShare = 0.05;

    private static readonly HashSet<string> NoDepth = new(StringComparer.Ordinal)
    {
        // void elements
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
        // elements whose end tag may be omitted: the parser closes them itself
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc",
        "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal) { "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript" };

    /// <summary>Known element names, so the scan allocates no string per tag.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "a", "abbr", "article", "aside", "b", "blockquote", "button", "center", "code", "em", "div", "dl", "figure", "font", "form", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "i", "label", "main", "nav", "ol", "picture", "pre", "section", "small", "span", "strong",
        "sup", "sub", "svg", "g", "path", "table", "time", "u", "ul", "video", "audio", "object", "figcaption", "fieldset", "select", "address",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>[] Lookups =
        [Known.GetAlternateLookup<ReadOnlySpan<char>>(), NoDepth.GetAlternateLookup<ReadOnlySpan<char>>(), RawText.GetAlternateLookup<ReadOnlySpan<char>>()];

    private static string Name(ReadOnlySpan<char> raw)
    {
        Span<char> lower = stackalloc char[32];
        if (raw.Length > lower.Length) return raw.ToString().ToLowerInvariant();
        int n = raw.ToLowerInvariant(lower);
        var span = lower[..n];
        foreach (var lookup in Lookups)
            if (lookup.TryGetValue(span, out var known)) return known;
        return span.ToString();
    }

    /// <summary>Share of characters of <paramref name="text"/> that never occur in text: control characters and U+FFFD (decoding failures).</summary>
    public static double NonTextShare(string text)
    {
        if (text.Length == 0) return 0;
        int bad = 0;
        foreach (char c in text)
        {
            if (c < 0x20) { if (c is not ('\t' or '\n' or '\r' or '\f')) bad++; }
            else if (c is >= '\u007F' and <= '\u009F' or '\uFFFD') bad++;
        }
        return (double)bad / text.Length;
    }

    /// <summary>
    /// Estimated element nesting depth of <paramref name="html"/>: a stack of open tags (void elements, elements with optional
    /// end tags, comments and raw-text contents skipped; an end tag closes the nearest open tag of its name among the 64 most
    /// recent). Stops as soon as the depth exceeds <paramref name="stopAbove"/>. Linear in the length of the page.
    /// </summary>
    public static int NestingDepth(string html, int stopAbove = int.MaxValue)
    {
        var stack = new List<string>();
        int max = 0, i = 0, n = html.Length;
        while (i < n)
        {
            int lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= n) break;
            char c = html[lt + 1];
            if (c == '!')
            {
                int end = string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0 ? html.IndexOf("-->", lt + 4, StringComparison.Ordinal) : html.IndexOf('>', lt + 2);
                i = end < 0 ? n : end + 1;
                continue;
            }
            bool close = c == '/';
            int s = close ? lt + 2 : lt + 1;
            int e = s;
            while (e < n && (char.IsAsciiLetterOrDigit(html[e]) || html[e] is '-' or ':' or '_')) e++;
            if (e == s || !char.IsAsciiLetter(html[s])) { i = lt + 1; continue; }
            var name = Name(html.AsSpan(s, e - s));
            int gt = html.IndexOf('>', e);
            if (gt < 0) break;
            i = gt + 1;
            if (close)
            {
                for (int k = stack.Count - 1, seen = 0; k >= 0 && seen < 64; k--, seen++)
                {
                    if (stack[k] != name) continue;
                    stack.RemoveRange(k, stack.Count - k);
                    break;
                }
                continue;
            }
            if (RawText.Contains(name))
            {
                int end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? n : end;
                continue;
            }
            if (NoDepth.Contains(name) || html[gt - 1] == '/') continue;
            stack.Add(name);
            if (stack.Count > max)
            {
                max = stack.Count;
                if (max > stopAbove) return max;
            }
        }
        return max;
    }
}
