using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Ingest.Html;

/// <summary>Options of <c>ingest.html_text</c>.</summary>
public sealed class HtmlTextOptions
{
    [Description("drop pages whose extracted main text is shorter than this many characters (0 keeps all)")]
    [Range(0, int.MaxValue)]
    public int MinChars { get; init; } = 1;

    [Description("only documents with these content types are extracted; others pass through unchanged")]
    public IReadOnlyList<string> ContentTypes { get; init; } = ["text/html", "application/xhtml+xml"];

    [Description("pages whose tags nest deeper than this are dropped unparsed (html_text:too_deep); parsing cost grows faster than linearly with depth")]
    [Range(16, 100_000)]
    public int MaxDepth { get; init; } = HtmlGuard.DefaultMaxDepth;

    [Description("keep the raw HTML in metadata key 'html' (large; for debugging)")]
    public bool KeepHtml { get; init; }
}
