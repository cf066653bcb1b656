using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Pipeline.Ingest.Licence;

namespace Pipeline.Ingest.Html;

/// <summary>
/// Main-content extraction. Removes what is never content (scripts, forms' controls, hidden nodes, navigation, sidebars,
/// cookie banners), scores paragraph-like blocks by text length and commas, hands the score up to ancestors, damps it by
/// link density and class/id hints, takes the best container plus sibling blocks that look like content, cleans that
/// container conditionally (link-heavy lists, widgets) and renders it as text with paragraph breaks.
/// When the result is short, it retries with less aggressive cleaning. Thread-safe.
/// </summary>
internal static partial class MainTextExtractor
{
    [ThreadStatic] private static HtmlParser? _parser;

    private static readonly HashSet<string> Drop = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "button", "input", "select",
        "textarea", "option", "link", "meta", "map", "audio", "video", "source", "track", "dialog", "nav", "aside", "menu",
    };

    private static readonly HashSet<string> DropRoles = new(StringComparer.Ordinal)
    {
        "navigation", "complementary", "banner", "contentinfo", "menu", "menubar", "dialog", "alertdialog", "search", "toolbar",
    };

    private static readonly HashSet<string> ScoreTags = new(StringComparer.Ordinal) { "p", "pre", "td", "section", "h2", "h3", "h4", "h5", "h6", "blockquote" };

    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "li", "tr", "td", "dd", "dt", "center",
    };

    private static readonly HashSet<string> CleanTags = new(StringComparer.Ordinal) { "div", "section", "ul", "ol", "dl", "table", "form", "fieldset", "header", "footer", "aside", "figure" };

    /// <summary>Extraction passes, most aggressive first.</summary>
    [Flags]
    private enum Pass { None = 0, StripUnlikely = 1, WeighClasses = 2, CleanConditionally = 4, All = 7 }

    /// <summary>
    /// Extracts the main text and page facts of <paramref name="html"/>. A page whose tags nest deeper than
    /// <paramref name="maxDepth"/> is not parsed (see <see cref="HtmlGuard"/>): its result is empty with
    /// <see cref="ExtractionResult.Rejected"/> set. Checks <paramref name="cancellationToken"/> every few thousand nodes.
    /// </summary>
    public static ExtractionResult Extract(string html, CancellationToken cancellationToken = default) => Extract(html, HtmlGuard.DefaultMaxDepth, cancellationToken);

    /// <inheritdoc cref="Extract(string, CancellationToken)"/>
    public static ExtractionResult Extract(string html, int maxDepth, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int depth = HtmlGuard.NestingDepth(html, maxDepth);
        if (depth > maxDepth)
            return new ExtractionResult("", null, null, null, null, [], "too_deep");
        var doc = Parse(html);
        var title = TitleOf(doc);
        var lang = LanguageOf(doc);
        var licence = LicenceDetector.Detect(doc);
        var optOut = new List<string>();
        OptOutDetector.FromDocument(doc, optOut);

        string best = Run(doc, Pass.All, cancellationToken);
        if (best.Length < 500)
        {
            foreach (var pass in new[] { Pass.WeighClasses | Pass.CleanConditionally, Pass.CleanConditionally, Pass.None })
            {
                var text = Run(Parse(html), pass, cancellationToken);
                // A milder pass may extend what the stricter one found (a short post gains its lists), but replaces it
                // with another block only when that is far longer (the article the strict pass missed), not with the
                // author box or a widget of similar size beside a short post; a near-empty result is always replaced.
                if (text.Length > best.Length && (best.Length < 150 || text.Length >= 3 * best.Length || Extends(text, best))) best = text;
                // a milder pass finds at least as much again, so a long text refused here ends the retries as well
                if (best.Length >= 500 || text.Length >= 500) break;
            }
        }
        return new ExtractionResult(best, title, lang, licence?.Id, licence?.Evidence, optOut);
    }

    /// <summary>Whether <paramref name="longer"/> holds the opening line of <paramref name="shorter"/> (up to 80 characters).</summary>
    private static bool Extends(string longer, string shorter)
    {
        var head = shorter.AsSpan();
        int nl = head.IndexOf('\n');
        if (nl > 0) head = head[..nl];
        if (head.Length > 80) head = head[..80];
        return longer.AsSpan().Contains(head.Trim(), StringComparison.Ordinal);
    }

    /// <summary>All visible text of <paramref name="html"/> (used for expected pages in evaluation).</summary>
    public static string AllText(string html)
    {
        var doc = Parse(html);
        return HtmlText.Of((INode?)doc.Body ?? doc);
    }

    internal static IHtmlDocument Parse(string html)
    {
        _parser ??= new HtmlParser(new HtmlParserOptions { IsScripting = false });
        return _parser.ParseDocument(html);
    }

    private static string? TitleOf(IHtmlDocument doc)
    {
        var t = doc.QuerySelector("meta[property='og:title']")?.GetAttribute("content");
        if (string.IsNullOrWhiteSpace(t)) t = doc.Title;
        if (string.IsNullOrWhiteSpace(t)) t = doc.QuerySelector("h1")?.TextContent;
        t = t is null ? null : WhiteSpace().Replace(t, " ").Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }

    private static string? LanguageOf(IHtmlDocument doc)
    {
        var lang = doc.DocumentElement?.GetAttribute("lang") ?? doc.DocumentElement?.GetAttribute("xml:lang")
            ?? doc.QuerySelector("meta[http-equiv='content-language']")?.GetAttribute("content");
        if (string.IsNullOrWhiteSpace(lang)) return null;
        lang = lang.Trim().Replace('_', '-');
        int dash = lang.IndexOf('-', StringComparison.Ordinal);
        var primary = (dash > 0 ? lang[..dash] : lang).ToLowerInvariant();
        return primary.Length is >= 2 and <= 3 && primary.All(char.IsAsciiLetterLower) ? primary : null;
    }

    private static string Run(IHtmlDocument doc, Pass pass, CancellationToken ct)
    {
        var body = (IElement?)doc.Body ?? doc.DocumentElement;
        if (body is null) return "";
        var budget = new WorkCheck(ct);
        Prune(body, pass, budget);
        var stats = new Dictionary<IElement, Stat>(ReferenceEqualityComparer.Instance);
        Measure(body, stats, budget);
        var scores = new Dictionary<IElement, double>(ReferenceEqualityComparer.Instance);
        ScoreParagraphs(body, stats, scores, pass, budget);

        IElement top = body;
        double topScore = double.MinValue;
        var ranked = new List<(IElement El, double Score)>();
        foreach (var (el, s) in scores)
        {
            double final = s * (1 - LinkDensity(el, stats));
            scores[el] = final;
            ranked.Add((el, final));
        }
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (ranked.Count > 0) { top = ranked[0].El; topScore = ranked[0].Score; }
        else topScore = 0;

        // Several strong candidates inside one ancestor: that ancestor is the article.
        if (top != body && ranked.Count > 1)
        {
            var alternatives = ranked.Skip(1).Take(5).Where(r => r.Score >= 0.75 * topScore).Select(r => r.El).ToList();
            if (alternatives.Count >= 3)
            {
                for (var parent = top.ParentElement; parent is not null && parent != body; parent = parent.ParentElement)
                {
                    int inside = alternatives.Count(a => parent.Contains(a));
                    if (inside >= 3) { top = parent; break; }
                }
            }
        }
        // Climb while the parent scores as well or holds nothing else.
        while (top != body && top.ParentElement is { } p && p != body)
        {
            if (p.ChildElementCount == 1) { top = p; continue; }
            if (scores.TryGetValue(p, out var ps) && ps > topScore * 1.0 && ps > 0) { top = p; topScore = ps; continue; }
            break;
        }
        if (!scores.TryGetValue(top, out var ts)) ts = topScore;
        topScore = Math.Max(ts, 0);

        var picked = new List<IElement>();
        if (top == body || top.ParentElement is null) picked.Add(top);
        else
        {
            double threshold = Math.Max(10, topScore * 0.2);
            var topClass = top.ClassName ?? "";
            foreach (var sib in top.ParentElement.Children)
            {
                if (sib == top) { picked.Add(sib); continue; }
                double bonus = topClass.Length > 0 && sib.ClassName == topClass ? topScore * 0.2 : 0;
                if (scores.TryGetValue(sib, out var ss) && ss + bonus >= threshold) { picked.Add(sib); continue; }
                if (ParagraphLike(sib, stats)) picked.Add(sib);
            }
            // The body in a thin wrapper (a "read more" box that adds a link and an ad slot): paragraphs beside the wrapper
            // are the same article's, split from it by the markup.
            var wrapper = top.ParentElement;
            for (int up = 0; up < 2 && wrapper.ParentElement is { } outer && outer != body
                && stats.GetValueOrDefault(top).Text >= 0.85 * stats.GetValueOrDefault(wrapper).Text; up++, wrapper = outer)
            {
                var before = new List<IElement>();
                bool seen = false;
                var wrapperClass = wrapper.ClassName;
                foreach (var sib in outer.Children)
                {
                    if (sib == wrapper) { seen = true; continue; }
                    // another part of the article in a wrapper of the same kind (story rows split by ads)
                    bool part = !string.IsNullOrEmpty(wrapperClass) && sib.ClassName == wrapperClass && sib.LocalName == wrapper.LocalName
                        && stats.GetValueOrDefault(sib) is { Text: > 80 } sst && sst.Link * 4 < sst.Text;
                    if (!part && !ParagraphLike(sib, stats)) continue;
                    if (seen) picked.Add(sib);
                    else before.Add(sib);
                }
                picked.InsertRange(0, before);
            }
            // A lead paragraph often sits in the article's header, a cousin of the body: take it when it is marked as the lead.
            if (LeadBefore(top, stats) is { } lead && !picked.Any(x => x == lead || x.Contains(lead))) picked.Insert(0, lead);
        }
        if ((pass & Pass.CleanConditionally) != 0)
            foreach (var el in picked) CleanConditionally(el, stats, scores, pass, budget);
        // Blocks taken beside the body (paragraphs, the lead) get the same line rules as the blocks inside it.
        foreach (var el in picked) DropAsides(el, stats, budget, includeRoot: el != top);
        picked.RemoveAll(el => el != top && el.ParentElement is null);
        return HtmlText.Of(picked, ct).Trim();
    }

    /// <summary>A paragraph beside the body: a p (or a div/span without blocks) of 80+ characters under a quarter in links, or a shorter link-free sentence.</summary>
    private static bool ParagraphLike(IElement el, Dictionary<IElement, Stat> stats)
    {
        if (!(el.LocalName is "p" || (el.LocalName is "div" or "span" && !HasBlockChild(el)))) return false;
        var st = stats.GetValueOrDefault(el);
        double ld = st.Text == 0 ? 1 : (double)st.Link / st.Text;
        return (st.Text > 80 && ld < 0.25) || (st.Text > 0 && st.Text <= 80 && ld == 0 && SentenceEnd().IsMatch(el.TextContent));
    }

    private static bool HasBlockChild(IElement el)
    {
        foreach (var c in el.Children) if (BlockTags.Contains(c.LocalName)) return true;
        return false;
    }

    /// <summary>Removes nodes that are never main content.</summary>
    private static void Prune(IElement root, Pass pass, WorkCheck budget)
    {
        var stack = new Stack<IElement>();
        foreach (var c in root.Children.Reverse()) stack.Push(c);
        var remove = new List<IElement>();
        while (stack.Count > 0)
        {
            var el = stack.Pop();
            budget.Tick();
            if (ShouldDrop(el, pass)) { remove.Add(el); continue; }
            var children = el.Children.ToArray();
            for (int i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
        }
        foreach (var el in remove) el.Remove();
    }

    private static bool ShouldDrop(IElement el, Pass pass)
    {
        var tag = el.LocalName;
        // A page without scripts shows its noscript content. The first pass drops it (a pixel, "enable JavaScript", at
        // times a consent wall); the retries after a short result keep one that holds text: the article of a site that
        // renders everything else by script, or a page swallowed by an unclosed tag in it.
        if (tag == "noscript") return (pass & Pass.StripUnlikely) != 0 || (el.TextContent.Length < 1000 && !LooksLikeArticle(el));
        if (Drop.Contains(tag)) return true;
        // Page headers and footers go, unless the markup put the article itself in one (an unclosed header, a template
        // that wraps the page in header#branding): content before names.
        if (tag is "footer" or "header" && !InsideArticle(el)) return !LooksLikeArticle(el);
        if (el.HasAttribute("hidden") || el.GetAttribute("aria-hidden") == "true" && tag != "body") return true;
        var style = el.GetAttribute("style");
        if (style is not null && HiddenStyle().IsMatch(style)) return true;
        var role = el.GetAttribute("role");
        if (role is not null && DropRoles.Contains(role.Trim().ToLowerInvariant())) return true;
        if (tag is "body" or "html" or "article" or "main") return false;
        if (el.GetAttribute("itemprop") is { } prop && prop.Contains("articleBody", StringComparison.OrdinalIgnoreCase)) return false;
        var hint = Hint(el);
        if (hint.Length == 0) return false;
        // A comment or reply form is never content, in any pass (a retry with milder rules must not pick it as the text).
        if (tag == "form" && Discussion().IsMatch(hint)) return true;
        bool named = Boilerplate().IsMatch(hint)
            || ((pass & Pass.StripUnlikely) != 0 && Unlikely().IsMatch(hint) && !MaybeContent().IsMatch(hint) && !InsideTag(el, "table") && !InsideTag(el, "code"));
        // Content before names: a container named like boilerplate ("paywall", "promo", "related") that holds article-like
        // text (several paragraphs, mostly not links) is kept; comment threads look like articles, so their names still decide.
        return named && (Discussion().IsMatch(hint) || !LooksLikeArticle(el));
    }

    /// <summary>
    /// Article structure: at least three paragraphs of 80+ characters outside lists (a gallery or teaser list of items is
    /// not an article), 400+ characters of text, under a quarter of it inside links.
    /// </summary>
    private static bool LooksLikeArticle(IElement root)
    {
        if (root.LocalName is "ul" or "ol" or "dl" or "li" or "table") return false;
        int text = 0, link = 0, paragraphs = 0;
        var stack = new Stack<(INode Node, bool InLink, bool InList)>();
        stack.Push((root, false, false));
        while (stack.Count > 0)
        {
            var (node, inLink, inList) = stack.Pop();
            if (node.NodeType == NodeType.Text)
            {
                int n = 0;
                foreach (char c in node.TextContent) if (!char.IsWhiteSpace(c)) n++;
                text += n;
                if (inLink) link += n;
                continue;
            }
            if (node is not IElement el || (el != root && Drop.Contains(el.LocalName))) continue;
            if (el.LocalName == "p" && !inList && el.TextContent.Length >= 80) paragraphs++;
            bool link2 = inLink || el.LocalName == "a", list2 = inList || el.LocalName is "li" or "dd";
            var children = el.ChildNodes;
            for (int i = children.Length - 1; i >= 0; i--) stack.Push((children[i], link2, list2));
        }
        return paragraphs >= 3 && text >= 400 && link < text / 4;
    }

    private static bool InsideArticle(IElement el)
    {
        for (var p = el.ParentElement; p is not null; p = p.ParentElement) if (p.LocalName is "article" or "main") return true;
        return false;
    }

    private static bool InsideTag(IElement el, string tag)
    {
        for (var p = el.ParentElement; p is not null; p = p.ParentElement) if (p.LocalName == tag) return true;
        return false;
    }

    private static string Hint(IElement el)
    {
        var cls = el.GetAttribute("class");
        var id = el.Id;
        if (string.IsNullOrEmpty(cls) && string.IsNullOrEmpty(id)) return "";
        return (cls + " " + id).ToLowerInvariant();
    }

    private static int ClassWeight(IElement el)
    {
        var hint = Hint(el);
        if (hint.Length == 0) return 0;
        int w = 0;
        if (NegativeHint().IsMatch(hint)) w -= 25;
        if (PositiveHint().IsMatch(hint)) w += 25;
        return w;
    }

    private readonly record struct Stat(int Text, int Link, int Commas, int P = 0, int Img = 0, int Li = 0, int Input = 0, int Embed = 0, int Heading = 0);

    /// <summary>Text length (non-space characters), text inside links and commas, per element: one iterative post-order pass.</summary>
    private static void Measure(IElement root, Dictionary<IElement, Stat> stats, WorkCheck budget)
    {
        var stack = new Stack<(IElement El, bool Done)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (el, done) = stack.Pop();
            budget.Tick();
            if (!done)
            {
                stack.Push((el, true));
                var children = el.Children.ToArray();
                for (int i = children.Length - 1; i >= 0; i--) stack.Push((children[i], false));
                continue;
            }
            int text = 0, link = 0, commas = 0, p = 0, img = 0, li = 0, input = 0, embed = 0, heading = 0;
            foreach (var node in el.ChildNodes)
            {
                if (node.NodeType == NodeType.Text)
                {
                    var s = node.TextContent;
                    foreach (char c in s)
                    {
                        if (!char.IsWhiteSpace(c)) text++;
                        if (c is ',' or '，' or '、') commas++;
                    }
                }
                else if (node is IElement child)
                {
                    var st = stats.GetValueOrDefault(child);
                    text += st.Text;
                    commas += st.Commas;
                    link += child.LocalName == "a" ? (IsHashLink(child) ? (int)(st.Text * 0.3) : st.Text) : st.Link;
                    p += st.P; img += st.Img; li += st.Li; input += st.Input; embed += st.Embed; heading += st.Heading;
                    switch (child.LocalName)
                    {
                        case "p": p++; break;
                        case "img": img++; break;
                        case "li": li++; break;
                        case "input": input++; break;
                        case "embed" or "object" or "iframe" or "video": embed++; break;
                        case "h1" or "h2" or "h3" or "h4" or "h5" or "h6": heading++; break;
                    }
                }
            }
            stats[el] = new Stat(text, Math.Min(link, text), commas, p, img, li, input, embed, heading);
        }
    }

    private static bool IsHashLink(IElement a) => a.GetAttribute("href") is { } h && h.StartsWith('#');

    private static double LinkDensity(IElement el, Dictionary<IElement, Stat> stats)
    {
        var st = stats.GetValueOrDefault(el);
        return st.Text == 0 ? 0 : (double)st.Link / st.Text;
    }

    /// <summary>Scores paragraph-like elements and hands each score to five ancestors (full, half, then a third per level).</summary>
    private static void ScoreParagraphs(IElement body, Dictionary<IElement, Stat> stats, Dictionary<IElement, double> scores, Pass pass, WorkCheck budget)
    {
        var stack = new Stack<IElement>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var el = stack.Pop();
            budget.Tick();
            var tag = el.LocalName;
            bool paragraph = ScoreTags.Contains(tag) || (tag is "div" or "article" or "main" or "li" or "span" && !HasBlockChild(el) && el.ParentElement is not null);
            int inlineText = 0, inlineCommas = 0;
            if (!paragraph && tag is "div" or "article" or "main" or "section" or "body" or "td")
            {
                // Phrasing content directly inside a container is a paragraph of its own.
                foreach (var n in el.ChildNodes)
                {
                    if (n.NodeType == NodeType.Text)
                        foreach (char c in n.TextContent) { if (!char.IsWhiteSpace(c)) inlineText++; if (c == ',') inlineCommas++; }
                    else if (n is IElement ie && !BlockTags.Contains(ie.LocalName) && ie.LocalName != "a")
                    {
                        var s = stats.GetValueOrDefault(ie);
                        inlineText += s.Text - s.Link;
                        inlineCommas += s.Commas;
                    }
                }
            }
            if (paragraph)
            {
                var st = stats.GetValueOrDefault(el);
                if (st.Text >= 25) Credit(el.ParentElement, ContentScore(st.Text, st.Commas), scores, pass);
            }
            else if (inlineText >= 25)
            {
                Credit(el, ContentScore(inlineText, inlineCommas), scores, pass);
            }
            if (!paragraph || tag is "section" or "td" or "blockquote")
            {
                var children = el.Children.ToArray();
                for (int i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
            }
        }
    }

    private static double ContentScore(int length, int commas) => 1 + commas + Math.Min(length / 100, 3);

    private static void Credit(IElement? start, double score, Dictionary<IElement, double> scores, Pass pass)
    {
        int level = 0;
        for (var a = start; a is not null && level < 5; a = a.ParentElement, level++)
        {
            if (a.LocalName is "html") break;
            if (!scores.TryGetValue(a, out var s)) s = InitialScore(a, pass);
            double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            scores[a] = s + score / divider;
        }
    }

    private static double InitialScore(IElement el, Pass pass)
    {
        double s = el.LocalName switch
        {
            "div" or "article" or "main" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        if (el.LocalName is "article" or "main") s += 10;
        if ((pass & Pass.WeighClasses) != 0) s += ClassWeight(el);
        // schema.org markup names the article body outright.
        if (el.GetAttribute("itemprop") is { } prop && prop.Contains("articleBody", StringComparison.OrdinalIgnoreCase)) s += 50;
        return s;
    }

    /// <summary>Inside the chosen content: drops link-heavy, image-heavy, form-like or negatively hinted blocks, deepest first.</summary>
    private static void CleanConditionally(IElement root, Dictionary<IElement, Stat> stats, Dictionary<IElement, double> scores, Pass pass, WorkCheck budget)
    {
        var all = new List<IElement>();
        var stack = new Stack<IElement>();
        foreach (var c in root.Children) stack.Push(c);
        while (stack.Count > 0)
        {
            var el = stack.Pop();
            all.Add(el);
            foreach (var c in el.Children) stack.Push(c);
        }
        for (int i = all.Count - 1; i >= 0; i--)
        {
            var el = all[i];
            budget.Tick();
            if (el.ParentElement is null) continue; // already removed with an ancestor
            var tag = el.LocalName;
            if (tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
            {
                // a subheading of the text goes for its links only, not for its name ("subheading nav-anchor", "share-title")
                if (LinkDensity(el, stats) > 0.33) el.Remove();
                continue;
            }
            if (!CleanTags.Contains(tag)) continue;
            if (tag == "table" && IsDataTable(el)) continue;
            if (InsideTag(el, "pre") || InsideTag(el, "code")) continue;
            int weight = (pass & Pass.WeighClasses) != 0 ? ClassWeight(el) : 0;
            double score = scores.GetValueOrDefault(el);
            // A list starts at -3 and its items are scored as paragraphs, so a list of short items (questions, steps)
            // stays below zero however much it belongs to the text: for lists only the class weight can make it negative.
            if (tag is "ul" or "ol" or "dl") score = Math.Max(score, 0);
            if (weight + score < 0) { el.Remove(); continue; }
            var st = stats.GetValueOrDefault(el);
            if (st.Commas >= 10) continue;
            int p = st.P, img = st.Img, li = st.Li, inputs = st.Input, embeds = st.Embed, headings = st.Heading;
            bool list = tag is "ul" or "ol" or "dl";
            double ld = LinkDensity(el, stats);
            int len = st.Text;
            bool remove =
                (img > 1 && (double)p / img < 0.5 && !InsideTag(el, "figure") && tag != "figure") ||
                (!list && li - 100 > p) ||
                (inputs > p / 3 && inputs > 0) ||
                (!list && len < 25 && (img == 0 || img > 2) && headings == 0 && !InsideTag(el, "figure")) ||
                (!list && weight < 25 && ld > 0.2 && !(ld <= 0.5 && li >= 3 && MostlyTextItems(el, stats))) ||
                (weight >= 25 && ld > 0.5) ||
                ((embeds == 1 && len < 75) || embeds > 1) ||
                (list && ld > 0.5 && len < 400);
            if (remove) el.Remove();
        }
    }

    /// <summary>Whether <paramref name="el"/> is (or wraps) a list of two or more items that each hold a link.</summary>
    private static bool EveryItemLinks(IElement el)
    {
        var list = el.LocalName is "ul" or "ol" ? el : el.ChildElementCount == 1 && el.FirstElementChild is { LocalName: "ul" or "ol" } only ? only : null;
        if (list is null || list.ChildElementCount < 2) return false;
        foreach (var item in list.Children)
            if (item.QuerySelector("a[href]") is null) return false;
        return true;
    }

    /// <summary>
    /// Whether the list items under <paramref name="el"/> are text with a link in them (ingredients, references, steps)
    /// rather than links (a menu): at least three items, three quarters of them with a quarter or more of their text outside links.
    /// </summary>
    private static bool MostlyTextItems(IElement el, Dictionary<IElement, Stat> stats)
    {
        int items = 0, text = 0;
        foreach (var li in el.GetElementsByTagName("li"))
        {
            var st = stats.GetValueOrDefault(li);
            if (st.Text == 0) continue;
            items++;
            if (st.Link * 4 < st.Text * 3) text++;
        }
        return items >= 3 && text * 4 >= items * 3;
    }

    /// <summary>
    /// The article's lead (standfirst, teaser, intro) before the chosen body, within four levels above it and not beyond the
    /// article's own article/main element (six siblings back per level): a block marked
    /// as the lead by its name, with 60+ characters of text mostly outside links, not already inside the body.
    /// </summary>
    private static IElement? LeadBefore(IElement top, Dictionary<IElement, Stat> stats)
    {
        var level = top;
        for (int up = 0; up < 4 && level.ParentElement is { } parent && parent.LocalName is not ("body" or "html"); up++, level = parent)
        {
            int seen = 0;
            for (var sib = level.PreviousElementSibling; sib is not null && seen < 6; sib = sib.PreviousElementSibling, seen++)
            {
                foreach (var c in FirstBlocks(sib, 200))
                {
                    var hint = Hint(c);
                    // marked as the lead by its name, or by structure: the standfirst paragraph or subheading of the article's header
                    bool named = hint.Length > 0 && LeadHint().IsMatch(hint);
                    if (!named && !(c.LocalName is "p" or "h2" && c != sib && InHeader(c, sib))) continue;
                    var st = stats.GetValueOrDefault(c);
                    if (st.Text >= 60 && st.Text < 1500 && LinkDensity(c, stats) < 0.2) return c;
                }
            }
            // the article's own container is as far as its lead can be
            if (parent.LocalName is "article" or "main") break;
        }
        return null;
    }

    /// <summary>Whether <paramref name="el"/> sits in a header or hgroup element at or below <paramref name="root"/>.</summary>
    private static bool InHeader(IElement el, IElement root)
    {
        for (var e = el.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.LocalName is "header" or "hgroup") return true;
            if (e == root) break;
        }
        return false;
    }

    /// <summary><paramref name="root"/> and the p/div/h2 elements in its first <paramref name="limit"/> descendants, in document order.</summary>
    private static IEnumerable<IElement> FirstBlocks(IElement root, int limit)
    {
        yield return root;
        var stack = new Stack<IElement>();
        var top = root.Children.ToArray();
        for (int i = top.Length - 1; i >= 0; i--) stack.Push(top[i]);
        for (int seen = 0; stack.Count > 0 && seen < limit; seen++)
        {
            var el = stack.Pop();
            if (el.LocalName is "p" or "div" or "h2") yield return el;
            var children = el.Children.ToArray();
            for (int i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <summary>
    /// Inside the chosen content: drops what sits in the article's flow but is not its text — captions, short metadata
    /// blocks (bylines, datelines, breadcrumbs, tag and share lists), and related-story blocks introduced by a heading or
    /// line such as "Related", "More stories", "You may also like" (with the link list that follows it).
    /// </summary>
    private static void DropAsides(IElement root, Dictionary<IElement, Stat> stats, WorkCheck budget, bool includeRoot)
    {
        var all = new List<IElement>();
        if (includeRoot) all.Add(root);
        var stack = new Stack<IElement>();
        foreach (var c in root.Children) stack.Push(c);
        while (stack.Count > 0)
        {
            var el = stack.Pop();
            budget.Tick();
            all.Add(el);
            foreach (var c in el.Children) stack.Push(c);
        }
        foreach (var el in all)
        {
            if (el.ParentElement is null) continue;
            var tag = el.LocalName;
            var st = stats.GetValueOrDefault(el);
            var hint = Hint(el);
            // Captions are short; a long "caption" (how-to steps under each picture) is text.
            if (st.Text < 120 && (tag == "figcaption" || (hint.Length > 0 && Caption().IsMatch(hint)))) { el.Remove(); continue; }
            if (hint.Length > 0 && st.Text < 200 && tag is not ("p" or "pre" or "blockquote" or "table" or "tr" or "td") && MetadataHint().IsMatch(hint))
            {
                el.Remove();
                continue;
            }
            // The article's own footer (posted in, tags, share, "comments closed") is metadata unless it holds real text.
            if (tag == "footer" && st.Text < 300) { el.Remove(); continue; }
            // Line-level rules look at blocks only (not at inline elements inside a sentence).
            bool block = tag is "p" or "div" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "header" or "footer" or "small" or "time";
            // A link whose whole text is a page action ("Rezept drucken", "zurück zur Listenansicht") goes wherever it sits.
            if (tag == "a" && st.Text is > 0 and < 40 && PageAction().IsMatch(el.TextContent.Trim()))
            {
                el.Remove();
                continue;
            }
            // An inline label on its own ("<b>Von:</b> name", "<strong>Permalink</strong> url"): the label goes, what it labels
            // stays; so does an inline copyright credit ("<span class=source>© Agency / Name</span>" inside a long caption).
            if (tag is "b" or "strong" or "span" or "em" or "i" or "small" or "label" or "cite" && st.Text is > 0 and < 100)
            {
                var label = el.TextContent.Trim();
                if ((st.Text < 30 && (PageAction().IsMatch(label) || (MetaLabel().Match(label) is { Success: true } m && m.Length == label.Length)))
                    || Copyright().IsMatch(label))
                {
                    el.Remove();
                    continue;
                }
            }
            if (st.Text is 0 or >= 200 || !(block || tag is "li" or "dd" or "dt")) continue;
            var line = el.TextContent.Trim(); // stats predate earlier removals, so the line may be empty now
            if (line.Length == 0) continue;
            // A label line (updated:, category:, source:, photo:, by:) or a page action (share, print, back, comments closed)
            if (st.Text < 100 && (MetaLabel().IsMatch(line) || PageAction().IsMatch(line) || (line.Length <= 80 && Engagement().IsMatch(line)) || (line.Length <= 120 && Subscribe().IsMatch(line)) || (line.Length <= 80 && NoticeLine().IsMatch(line)) || FurnitureLabel().IsMatch(line)))
            {
                el.Remove();
                continue;
            }
            if (!block) continue;
            // a call to subscribe up to 200 characters when it links to the offer (a sentence that only mentions a newsletter stays)
            if (Copyright().IsMatch(line) || (line.Length <= 200 && (SiteNotice().IsMatch(line) || (st.Link > 0 && Subscribe().IsMatch(line)))))
            {
                el.Remove();
                continue;
            }
            if (st.Text < 40 && (char.IsAsciiDigit(line[^1]) && DateLine().IsMatch(line) || TimeLine().IsMatch(line))
                && (tag is not ("small" or "time") || el.ParentElement is null || stats.GetValueOrDefault(el.ParentElement).Text == st.Text))
            {
                el.Remove();
                continue;
            }
            if (st.Text < 80 && RelatedLead().IsMatch(line))
            {
                // A heading that introduces links: the heading and the block after it go when that is link-heavy or a list
                // whose every item links somewhere (teasers: a linked title and a preview). A heading alone in its wrapper
                // introduces what follows the wrapper.
                var next = el.NextElementSibling;
                if (next is null && el.ParentElement is { } wrap && wrap != root && wrap.ChildElementCount == 1) next = wrap.NextElementSibling;
                if (next is not null && (LinkDensity(next, stats) > 0.4 || EveryItemLinks(next))) next.Remove();
                if (tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" || LinkDensity(el, stats) > 0.3 || next is not null || el.NextSibling is null) el.Remove();
            }
            else if (RelatedColon().IsMatch(line)
                || (RelatedLead().Match(line) is { Success: true } lead && (line.AsSpan(lead.Length).TrimStart().StartsWith(":") || LinkDensity(el, stats) > 0.5)))
            {
                // "Lea más: <headline of another story>", "VEA TAMBIÉN: …" — a line pointing elsewhere, however long its title
                el.Remove();
            }
        }
    }

    private static bool IsDataTable(IElement table)
    {
        if (table.GetAttribute("role") == "presentation") return false;
        if (table.QuerySelector("caption, th, thead, colgroup") is not null) return true;
        if (table.QuerySelector("table") is not null) return false;
        var rows = table.QuerySelectorAll("tr");
        int cols = rows.Length == 0 ? 0 : rows.Max(r => r.Children.Length);
        return rows.Length >= 10 || cols > 4 || rows.Length * cols > 10;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"[\.。!?]( |$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>Names of never-content overlays; a negated name ("non-paywall", "no_paywall") is the opposite.</summary>
    [GeneratedRegex(@"(?<!\bnon?[-_]?)(cookie|consent|gdpr|onetrust|cc-banner|paywall|modal-overlay|newsletter-signup)")]
    private static partial Regex Boilerplate();

    [GeneratedRegex(@"-ad-|\bads?\b|advert|banner|breadcrumb|combx|comment|kommentar|comentario|community|disqus|extra|foot|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|subscribe|newsletter|promo|navbar")]
    private static partial Regex Unlikely();

    [GeneratedRegex(@"comment|kommentar|comentario|disqus|replies|respond|discussion")]
    private static partial Regex Discussion();

    [GeneratedRegex(@"\bbyline|\bauthor|dateline|breadcrumb|post-?meta|entry-?meta|article-?meta|\bmeta-?data|posted-?on|\bpublished\b|timestamp|\btags?\b|tag-?list|post-?tags|tag-?links|\bcategories\b|cat-?links|\bshare|sharing|social")]
    private static partial Regex MetadataHint();

    [GeneratedRegex(@"\blead(in|-?text|-?paragraph)?\b|[-_]lead\b|\bintro|teaser|summary|standfirst|abstract|excerpt|\bdeck\b|\bdek\b|kicker|subline|vorspann|subtitle|sub-title|subhead|epigraph|bajada|entradilla|chapo|perex|sommario|\bleader\b")]
    private static partial Regex LeadHint();

    [GeneratedRegex(@"^(©|\(c\)\s|copyright\b|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados)", RegexOptions.IgnoreCase)]
    private static partial Regex Copyright();

    /// <summary>A line that is only a date (and time): 03.04.2020, 2020-04-03 10:15, 3 April 2020, April 3, 2020, with an optional weekday.</summary>
    [GeneratedRegex(@"^((mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)\w*\.?,?\s+)?(\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\p{L}{3,12}\.?\s+\d{4}|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4})(,?\s*(um\s+)?\d{1,2}[:.]\d{2}(\s*(uhr|am|pm|h))?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DateLine();

    /// <summary>A line that is only a clock time: 19:49, 3:59 PM, 05:28 Uhr.</summary>
    [GeneratedRegex(@"^\d{1,2}[:.]\d{2}(\s*(uhr|am|pm|h))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeLine();

    /// <summary>A line that opens with a metadata label and a colon (en, de, fr, es): updated, published, category, tags, views, source, credit, photo, figure, by.</summary>
    [GeneratedRegex(@"^(aktualisiert( am)?|zuletzt aktualisiert|updated( on)?|last (modified|updated)|release date|published( on)?|veröffentlicht( am)?|erstellt( am)?|publié le|publicado( el)?|kategorie|kategorien|category|categories|aufrufe|views|quelle|quellen|source|sources|credits?|crédits?( photos?)?|fotos?|photos?|bild|bilder|titelbild|beitragsbild|image|images|abbildung( \d+)?|von|by|autor|author|tags?|tagged( with)?|schlagw(o|ö)rte?|stichw(o|ö)rte?|themen|keywords|mots-clés|etiquetas|filed under|posted in|abgelegt unter|bildquelle|bildnachweis|fotocredit)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex MetaLabel();

    /// <summary>A line that is only a page action or a comment status (en, de): share, print, back, leave a reply, comments closed, permalink.</summary>
    [GeneratedRegex(@"^(keine kommentare|kommentare geschlossen|comments? (are )?closed|no comments( yet)?|leave a (comment|reply)|kommentieren|kommentar schreiben|share( this( article| post)?)?|teilen|artikel teilen|beitrag teilen|print|drucken|rezept drucken|zurück|back|zurück zur (übersicht|listenansicht)|titelbild|beitragsbild|permalink|permalien)[.!:]*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageAction();

    /// <summary>A prompt about the page itself (en, de): "Share this article", "War der Artikel nützlich?", "Diesen Beitrag bewerten".</summary>
    [GeneratedRegex(@"\b(artikels?|beitrags?|article|post|story|seite|page|inhalt)\b.*\b(teilen|share|bewerten|rate|nützlich|hilfreich|helpful|useful|gefallen|gefällt)\b|\b(teilen|share|bewerten|rate|nützlich|hilfreich|helpful|useful|gefallen|gefällt)\b.*\b(artikels?|beitrags?|article|post|story|seite|page|inhalt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Engagement();

    /// <summary>A call to subscribe (en, de, fr, es, pl): subscribe, newsletter, abonnieren, s'abonner, suscríbete, subskrypcja, download our app.</summary>
    [GeneratedRegex(@"\b(subscribe|subscribers?|abonnieren|abonniere|abonnez|suscr[ií]b\w*|newsletter|subskrypc\w*|download (the|our) app)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Subscribe();

    /// <summary>
    /// Short notice lines (en, de, fr, es): a comment count ("3 Kommentare"), "Dieser Beitrag wurde veröffentlicht in …",
    /// a copyright sign or word anywhere in the line.
    /// </summary>
    [GeneratedRegex(@"^(\d+ (kommentare?|comments?|antworten|replies|comentarios?|commentaires?)\b|dieser (eintrag|beitrag|artikel|text) wurde)|©|\bcopyright\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoticeLine();

    /// <summary>
    /// A line about the site rather than the story (en, de, es): download our app, join our
    /// channel, copyrighted / reprint only with permission, not responsible for opinions, contains advertising or affiliate links,
    /// letters to the editor, "if you enjoyed this post", "Dieser Beitrag wurde … veröffentlicht", "you must be logged in".
    /// Applied to lines of 200 characters or less.
    /// </summary>
    [GeneratedRegex(@"\bdownload\b.{0,60}\bapps?\b|\bcanal de (youtube|telegram|whatsapp)\b|\b(youtube|telegram|whatsapp)[- ](channel|kanal)\b|\bcopyrighted\b|\b(written permission|without (prior )?permission|nachdruck)\b|\bnot responsible for\b|\b(ohne|keine) gewähr\b|\bmeinung des autors\b|\bcontains (affiliate )?(links|references)\b|\baffiliate[- ]links?\b|\benthält werbung\b|\bletters? to the editor\b|\b(enjoyed|liked) (reading )?this (post|article|story)\b|^(dieser|der|dieses) (eintrag|beitrag|artikel|text|post) wurde\b|\b(sie müssen sich|you must be|you need to be) (einloggen|anmelden|logged in|signed in)\b|\bnicht eingeloggt\b", RegexOptions.IgnoreCase)]
    private static partial Regex SiteNotice();

    /// <summary>A line that is only a page-furniture heading (en, de, es, fr): "Weitere Informationen", "Kontakt", "Mehr Themen:", "Quellenangaben:", "Contact".</summary>
    [GeneratedRegex(@"^(weitere informationen|mehr informationen|zusatzinformationen|kontakt|kontaktdaten|mehr themen|quellenangaben|contact( us)?|more information|further information|más información|plus d'informations|informations complémentaires)\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex FurnitureLabel();

    /// <summary>A pointer to another story by a verb and a colon (es, de): "Lea: …", "PUEDES VER: …", "MIRA: …", "Weiterlesen: …".</summary>
    [GeneratedRegex(@"^(lea|lee|léase|puedes ver|mira|weiterlesen|mehr dazu)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex RelatedColon();

    [GeneratedRegex(@"caption|credit|bildunterschrift|legende")]
    private static partial Regex Caption();

    /// <summary>Lines that introduce related-content lists or label an advertisement, in the languages of the dev sets (en, de, fr, es, it, pl, pt).</summary>
    [GeneratedRegex(@"^(related( (articles?|stories|posts|content|news|coverage|reading))?|more (stories|from|on|news|articles|to read)|you (may|might) (also )?(like|enjoy)|read (more|also|next)|see also|also read|recommended( for you| stories| articles)?|popular (posts|stories|articles)|most (read|popular|viewed)|trending( now)?|further reading|ähnliche (beiträge|artikel|themen)|weitere (artikel|beiträge|nachrichten|meldungen)|das könnte (sie|dich) auch interessieren|auch interessant|schon gelesen|lesen sie (auch|mehr|hier)|mehr zum thema|zum weiterlesen|advertisement|anzeige|werbung|publicidad|publicité|sponsored( content)?|passend (dazu|zum thema)|verwandte (artikel|beiträge|themen)|empfohlene artikel|vea también|lea también|le puede interesar|te puede interesar|noticias relacionadas|artículos relacionados|à lire aussi|lire aussi|voir aussi|sur le même sujet|articles similaires|czytaj (też|także|więcej)|zobacz (też|także)|leggi anche|potrebbe interessarti|articoli correlati|leia (também|mais)|veja também|lea más|vea más|ver también|auch lesen|(das thema )?könnte (sie|dich) auch interessieren|meistgelesene? (artikel|beiträge|nachrichten)?|weiterführende links?|dowiedz się więcej|neueste (artikel|beiträge|nachrichten|meldungen|news)|meist-?diskutierte?( (artikel|beiträge))?|mehr zu|weitere \w*tipps|aktuelle \w*(tests|artikel|beiträge|news)|latest (news|stories|articles|posts)|most (commented|discussed|shared)|top stories|más leíd[ao]s|lo más (leído|visto)|les plus lus)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelatedLead();

    [GeneratedRegex(@"and|article|body|column|content|main|shadow|post|entry|story")]
    private static partial Regex MaybeContent();

    [GeneratedRegex(@"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|markdown")]
    private static partial Regex PositiveHint();

    [GeneratedRegex(@"-ad-|\bads?\b|hidden|\bhid\b|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|author|dateline|caption|sharing|social|subscribe|newsletter|nav")]
    private static partial Regex NegativeHint();
}
