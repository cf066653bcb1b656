using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Web;

namespace Pipeline.Ingest.Html;

/// <summary>
/// <c>ingest.html_text</c>: replaces HTML with its main text and sets title, language, licence, licence_evidence,
/// opt_out (merged with header signals from ingest.warc), host and domain. Stateless, so <c>workers: N</c> scales.
/// Bounded work per page: a payload that is not text (binary bytes labelled HTML) is dropped as <c>html_text:not_text</c> and
/// a page nested beyond <see cref="HtmlTextOptions.MaxDepth"/> as <c>html_text:too_deep</c>, both before parsing.
/// </summary>
internal sealed class HtmlTextStep(HtmlTextOptions options) : ProcessorStep
{
    private readonly HashSet<string> _types = new(options.ContentTypes.Select(t => t.ToLowerInvariant()), StringComparer.Ordinal);

    public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        var ct = document.Source.ContentType;
        bool isHtml = ct is null ? LooksLikeHtml(document.Text) : _types.Contains(CharsetDecoder.MimeOf(ct) ?? "");
        if (!isHtml) return ValueTask.FromResult(Outcome.Keep(document));
        double nonText = HtmlGuard.NonTextShare(document.Text);
        if (nonText > HtmlGuard.MaxNonTextShare)
            return ValueTask.FromResult(Outcome.Drop(document, "html_text:not_text",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nonText:P1} of {document.Text.Length} characters are control characters or undecodable bytes")));
        ExtractionResult r;
        try
        {
            r = MainTextExtractor.Extract(document.Text, options.MaxDepth, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return ValueTask.FromResult(Outcome.Error(document, "html_text:parse_failed", ex.Message));
        }
        if (r.Rejected is { } why)
            return ValueTask.FromResult(Outcome.Drop(document, "html_text:" + why, $"tags nest deeper than {options.MaxDepth} levels; not parsed"));
        var meta = document.Meta;
        var pairs = new List<KeyValuePair<string, object>>();
        if (r.Title is not null) pairs.Add(new("title", r.Title));
        if (r.Language is not null && !meta.ContainsKey("language")) pairs.Add(new("language", r.Language));
        if (r.Licence is not null)
        {
            pairs.Add(new("licence", r.Licence));
            pairs.Add(new("licence_evidence", r.LicenceEvidence ?? ""));
        }
        var optOut = meta.GetStrings("opt_out").Concat(r.OptOut).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (optOut.Count > 0) pairs.Add(new("opt_out", optOut));
        if (!meta.ContainsKey("host") && DomainNames.HostOf(document.Source.Url) is { } host)
        {
            pairs.Add(new("host", host));
            if (!meta.ContainsKey("domain")) pairs.Add(new("domain", DomainNames.Registrable(host)));
        }
        if (options.KeepHtml) pairs.Add(new("html", document.Text));
        var result = document with { Text = r.Text, Meta = meta.SetMany(pairs) };
        if (r.Text.Length < options.MinChars)
            return ValueTask.FromResult(Outcome.Drop(result, "html_text:no_main_text", $"{r.Text.Length} characters of main text"));
        return ValueTask.FromResult(Outcome.Modify(result, "html_text:extracted"));
    }

    private static bool LooksLikeHtml(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 1024)).TrimStart();
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
