namespace Pipeline.Filters.Url;

/// <summary>Blocked domains (with subdomains), full URLs and substrings; lookups are hash probes per host suffix plus one Aho–Corasick pass.</summary>
internal sealed class UrlBlockList
{
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _urls = new(StringComparer.Ordinal);
    private readonly AhoCorasick _substrings;

    public UrlBlockList(IEnumerable<string> domains, IEnumerable<string> urls, IEnumerable<string> substrings)
    {
        foreach (var d in domains) if (NormaliseDomain(d) is { Length: > 0 } n) _domains.Add(n);
        foreach (var u in urls) if (NormaliseUrl(u) is { Length: > 0 } n) _urls.Add(n);
        _substrings = new AhoCorasick(substrings.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal));
    }

    public int DomainCount => _domains.Count;

    /// <summary>Reads a list file: one entry per line, blank lines and '#' comments skipped.</summary>
    public static IEnumerable<string> ReadList(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"block list '{path}' not found; check the path (relative to the DAG file)", path);
        foreach (var line in File.ReadLines(path))
        {
            int hash = line.IndexOf('#');
            var entry = (hash >= 0 ? line[..hash] : line).Trim();
            if (entry.Length > 0) yield return entry;
        }
    }

    internal static string NormaliseDomain(string d)
    {
        d = d.Trim().ToLowerInvariant();
        if (d.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(d, UriKind.Absolute, out var u)) d = u.Host;
        if (d.StartsWith("*.", StringComparison.Ordinal)) d = d[2..];
        return d.Trim('.');
    }

    /// <summary>"host[:port]/path?query" with lower-case host, no scheme, no default port, no fragment, no trailing '/'.</summary>
    internal static string NormaliseUrl(string url)
    {
        url = url.Trim();
        int hash = url.IndexOf('#');
        if (hash >= 0) url = url[..hash];
        if (!url.Contains("://", StringComparison.Ordinal)) url = "http://" + url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u)) return url.ToLowerInvariant().TrimEnd('/');
        var host = u.Host.ToLowerInvariant();
        var port = u.IsDefaultPort ? "" : ":" + u.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rest = u.PathAndQuery.TrimEnd('/');
        return host + port + rest;
    }

    /// <summary>(rule, matched entry) when <paramref name="url"/> is blocked, else null.</summary>
    public (string Rule, string Entry)? Match(string url, string? host)
    {
        if (host is null && Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, UriKind.Absolute, out var u)) host = u.Host;
        if (host is not null && _domains.Count > 0)
        {
            var h = host.ToLowerInvariant().TrimEnd('.');
            while (true)
            {
                if (_domains.Contains(h)) return ("blocked_domain", h);
                int dot = h.IndexOf('.');
                if (dot < 0) break;
                h = h[(dot + 1)..];
            }
        }
        if (_urls.Count > 0 && _urls.Contains(NormaliseUrl(url))) return ("blocked_url", NormaliseUrl(url));
        if (_substrings.Count > 0)
        {
            var lower = url.ToLowerInvariant();
            if (_substrings.FindFirst(lower) is { } s) return ("banned_substring", s);
        }
        return null;
    }
}
