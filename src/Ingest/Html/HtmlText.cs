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
        "script", "style", "template", "head", "title", "meta", "link", "svg", "math", "iframe", "object", "embed", "select", "textarea", "button",
        "rt", "rp", // ruby annotations (the reading of a kanji) are a reading aid, not part of the sentence
    };

    private readonly StringBuilder _sb = new();
    private int _pendingBreak;
    private bool _pendingSpace;

    /// <summary>The text of <paramref name="nodes"/> in order (iterative: any nesting depth; checks <paramref name="cancellationToken"/> every 1,024 nodes).</summary>
    public static string Of(IEnumerable<INode> nodes, CancellationToken cancellationToken = default)
    {
        var t = new HtmlText();
        var check = new WorkCheck(cancellationToken);
        foreach (var n in nodes) t.Walk(n, check);
        return t._sb.ToString();
    }

    /// <summary>The text of one node.</summary>
    public static string Of(INode node) => Of([node]);

    private const sbyte Enter = -1, ExitCell = 3;

    private void Walk(INode root, WorkCheck check)
    {
        // Exit markers carry what the element does when it closes: 0 nothing, 1-2 a line or paragraph break, 3 a cell gap.
        var stack = new Stack<(INode Node, bool Pre, sbyte Exit)>();
        stack.Push((root, false, Enter));
        while (stack.Count > 0)
        {
            var (node, pre, exit) = stack.Pop();
            check.Tick();
            if (exit != Enter)
            {
                if (exit == ExitCell) _pendingSpace = true;
                else if (exit > 0) Break(exit);
                continue;
            }
            if (node.NodeType == NodeType.Text)
            {
                AppendText(node.TextContent, pre);
                continue;
            }
            if (node is not IElement el)
            {
                if (node.NodeType is NodeType.Document or NodeType.DocumentFragment) PushChildren(stack, node, pre);
                continue;
            }
            var tag = el.LocalName;
            if (Invisible.Contains(tag)) continue;
            if (tag == "br") { Break(1); continue; }
            bool cell = tag is "td" or "th";
            if (cell && _sb.Length > 0 && _pendingBreak == 0) { _pendingSpace = false; Flush(); _sb.Append('\t'); }
            int brk = ParagraphTags.Contains(tag) ? 2 : LineTags.Contains(tag) ? 1 : 0;
            if (brk > 0) Break(brk);
            stack.Push((el, pre, brk > 0 ? (sbyte)brk : cell ? ExitCell : (sbyte)0));
            PushChildren(stack, el, pre || tag is "pre" or "textarea");
        }
    }

    private static void PushChildren(Stack<(INode Node, bool Pre, sbyte Exit)> stack, INode node, bool pre)
    {
        var children = node.ChildNodes;
        for (int i = children.Length - 1; i >= 0; i--) stack.Push((children[i], pre, Enter));
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
