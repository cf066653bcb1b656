using System.Text;
using AngleSharp.Dom;

namespace Pipeline.Ingest.Html;

/// <summary>Readable text of DOM nodes: block elements become paragraph breaks, list items and table rows lines, pre keeps its whitespace.</summary>
internal sealed class HtmlText
{
    private static readonly HashSet<string> ParagraphTags = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "nav", "ol", "p", "pre", "section", "table",
        "ul", "body", "html", "caption", "summary", "center", "menu",
    };

    private static readonly HashSet<string> LineTags = new(StringComparer.Ordinal) { "li", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot" };

    private static readonly HashSet<string> Invisible = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math", "iframe", "object", "embed", "select", "textarea", "button",
    };

    private readonly StringBuilder _sb = new();
    private int _pendingBreak;
    private bool _pendingSpace;

    /// <summary>The text of <paramref name="nodes"/> in order.</summary>
    public static string Of(IEnumerable<INode> nodes)
    {
        var t = new HtmlText();
        foreach (var n in nodes) t.Walk(n, false);
        return t._sb.ToString();
    }

    /// <summary>The text of one node.</summary>
    public static string Of(INode node) => Of([node]);

    private void Walk(INode node, bool pre)
    {
        if (node.NodeType == NodeType.Text)
        {
            AppendText(node.TextContent, pre);
            return;
        }
        if (node is not IElement el)
        {
            if (node.NodeType is NodeType.Document or NodeType.DocumentFragment)
                foreach (var c in node.ChildNodes) Walk(c, pre);
            return;
        }
        var tag = el.LocalName;
        if (Invisible.Contains(tag)) return;
        if (tag == "br") { Break(1); return; }
        if (tag is "td" or "th") { if (_sb.Length > 0 && _pendingBreak == 0) { _pendingSpace = false; Flush(); _sb.Append('\t'); } }
        int brk = ParagraphTags.Contains(tag) ? 2 : LineTags.Contains(tag) ? 1 : 0;
        if (brk > 0) Break(brk);
        bool inPre = pre || tag is "pre" or "textarea";
        foreach (var c in el.ChildNodes) Walk(c, inPre);
        if (brk > 0) Break(brk);
        else if (tag is "td" or "th") _pendingSpace = true;
    }

    private void Break(int n)
    {
        if (n > _pendingBreak) _pendingBreak = n;
        _pendingSpace = false;
    }

    private void Flush()
    {
        if (_pendingBreak > 0)
        {
            if (_sb.Length > 0) _sb.Append('\n', _pendingBreak);
            _pendingBreak = 0;
            _pendingSpace = false;
        }
        else if (_pendingSpace)
        {
            if (_sb.Length > 0) _sb.Append(' ');
            _pendingSpace = false;
        }
    }

    private void AppendText(string s, bool pre)
    {
        if (pre)
        {
            if (s.Length == 0) return;
            Flush();
            _sb.Append(s.Replace("\r\n", "\n", StringComparison.Ordinal));
            return;
        }
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0')
            {
                if (_pendingBreak == 0) _pendingSpace = true;
                continue;
            }
            Flush();
            _sb.Append(c);
        }
    }
}
