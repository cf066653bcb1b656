using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Url;

/// <summary><c>filters.url</c>: drop documents whose URL is on a block list.</summary>
internal sealed class UrlFilter : FilterStep
{
    private readonly UrlFilterOptions _options;
    private readonly UrlBlockList _list;

    public UrlFilter(UrlFilterOptions options)
    {
        _options = options;
        _list = new UrlBlockList(
            options.DomainFiles.SelectMany(UrlBlockList.ReadList).Concat(options.Domains),
            options.UrlFiles.SelectMany(UrlBlockList.ReadList).Concat(options.Urls),
            options.SubstringFiles.SelectMany(UrlBlockList.ReadList).Concat(options.Substrings));
    }

    internal UrlBlockList List => _list;

    protected override Outcome Decide(Document document)
    {
        var url = document.Source.Url ?? document.Meta.GetString("url");
        if (string.IsNullOrEmpty(url))
            return _options.DropMissingUrl ? Outcome.Drop(document, "url:missing_url", "no URL") : Outcome.Keep(document);
        var hit = _list.Match(url, document.Meta.GetString("host"));
        return hit is { } h ? Outcome.Drop(document, "url:" + h.Rule, h.Entry) : Outcome.Keep(document);
    }
}
