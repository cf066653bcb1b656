using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Url;

/// <summary>Options of <c>filters.url</c>. List files hold one entry per line; '#' starts a comment.</summary>
public sealed class UrlFilterOptions
{
    [Description("Files of blocked domains; a domain also blocks its subdomains.")]
    [InputPath(Optional = true)]
    public List<string> DomainFiles { get; init; } = [];

    [Description("Files of blocked full URLs (compared after normalising scheme/host case, default ports, fragment and trailing '/').")]
    [InputPath(Optional = true)]
    public List<string> UrlFiles { get; init; } = [];

    [Description("Files of banned substrings, matched case-insensitively anywhere in the URL.")]
    [InputPath(Optional = true)]
    public List<string> SubstringFiles { get; init; } = [];

    [Description("Blocked domains given inline.")]
    public List<string> Domains { get; init; } = [];

    [Description("Blocked URLs given inline.")]
    public List<string> Urls { get; init; } = [];

    [Description("Banned URL substrings given inline.")]
    public List<string> Substrings { get; init; } = [];

    [Description("Drop documents that have no URL (source URL or meta 'url').")]
    public bool DropMissingUrl { get; init; }
}
