using System.Net;

namespace Pipeline.Ingest.Web;

/// <summary>
/// Host and registrable domain of a URL. The registrable domain is the public suffix plus one label. Known limitation:
/// the public-suffix list here is a compact built-in one (common two-label country suffixes such as co.uk and com.au and a
/// few hosting suffixes such as github.io); any other suffix is taken to be the last label only, so e.g. "a.b.kawasaki.jp"
/// gives "kawasaki.jp".
/// </summary>
internal static class DomainNames
{
    private static readonly HashSet<string> MultiLabelSuffixes = new(StringComparer.Ordinal)
    {
        // United Kingdom, Ireland
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "sch.uk", "nhs.uk", "police.uk", "mod.uk",
        // Oceania
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
        "co.nz", "org.nz", "net.nz", "govt.nz", "ac.nz", "school.nz", "geek.nz", "gen.nz",
        // Asia
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ed.jp", "lg.jp",
        "co.kr", "or.kr", "ac.kr", "go.kr", "ne.kr", "re.kr",
        "co.in", "net.in", "org.in", "ac.in", "gov.in", "firm.in", "gen.in", "ind.in", "edu.in", "res.in", "nic.in",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
        "com.tw", "org.tw", "net.tw", "edu.tw", "gov.tw", "idv.tw",
        "com.hk", "org.hk", "net.hk", "edu.hk", "gov.hk", "idv.hk",
        "com.sg", "org.sg", "net.sg", "edu.sg", "gov.sg",
        "com.my", "org.my", "net.my", "edu.my", "gov.my",
        "co.id", "or.id", "ac.id", "go.id", "web.id", "net.id", "sch.id",
        "com.ph", "org.ph", "net.ph", "edu.ph", "gov.ph",
        "com.vn", "net.vn", "org.vn", "edu.vn", "gov.vn",
        "co.th", "or.th", "ac.th", "go.th", "in.th",
        "com.pk", "org.pk", "net.pk", "edu.pk", "gov.pk",
        "co.il", "org.il", "net.il", "ac.il", "gov.il", "muni.il",
        "com.sa", "org.sa", "edu.sa", "gov.sa", "com.tr", "org.tr", "net.tr", "edu.tr", "gov.tr", "bel.tr", "gen.tr",
        // Africa
        "co.za", "org.za", "gov.za", "ac.za", "web.za", "net.za",
        "com.ng", "org.ng", "gov.ng", "edu.ng", "com.eg", "edu.eg", "gov.eg",
        "co.ke", "or.ke", "ac.ke", "go.ke", "co.tz", "co.ug", "co.zw", "com.gh",
        // Americas
        "com.br", "net.br", "org.br", "gov.br", "edu.br", "art.br", "blog.br",
        "com.mx", "org.mx", "net.mx", "edu.mx", "gob.mx",
        "com.ar", "org.ar", "net.ar", "gob.ar", "edu.ar",
        "com.co", "org.co", "edu.co", "gov.co", "net.co",
        "com.pe", "org.pe", "edu.pe", "gob.pe", "com.ve", "com.ec", "com.uy", "com.bo", "com.py",
        // Europe
        "com.ua", "org.ua", "net.ua", "gov.ua", "edu.ua", "com.pl", "net.pl", "org.pl",
        "co.at", "or.at", "ac.at", "gv.at", "com.es", "org.es", "nom.es", "gob.es", "edu.es",
        "com.pt", "org.pt", "edu.pt", "gov.pt", "com.gr", "edu.gr", "gov.gr", "org.gr",
        // Hosting platforms that give each user a subdomain
        "github.io", "gitlab.io", "blogspot.com", "herokuapp.com", "appspot.com", "netlify.app", "vercel.app", "pages.dev",
        "azurewebsites.net", "cloudfront.net", "web.app", "firebaseapp.com",
    };

    /// <summary>The lowercase host of an absolute http(s)/ftp URL, or null.</summary>
    public static string? HostOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return null;
        if (uri.Scheme is not ("http" or "https" or "ftp")) return null;
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        return host.Length == 0 ? null : host;
    }

    /// <summary>The registrable domain of <paramref name="host"/> ("news.bbc.co.uk" → "bbc.co.uk"); IP addresses and single labels are returned as they are.</summary>
    public static string Registrable(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        host = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0 || IPAddress.TryParse(host.Trim('[', ']'), out _)) return host;
        int last = host.LastIndexOf('.');
        if (last <= 0) return host;
        int second = host.LastIndexOf('.', last - 1);
        if (second < 0) return host; // example.com
        var lastTwo = host[(second + 1)..];
        if (!MultiLabelSuffixes.Contains(lastTwo)) return lastTwo;
        int third = host.LastIndexOf('.', second - 1);
        return third < 0 ? host : host[(third + 1)..];
    }

    /// <summary>The registrable domain of a URL's host, or null when the URL has no host.</summary>
    public static string? RegistrableOf(string? url) => HostOf(url) is { } h ? Registrable(h) : null;

    /// <summary>Normalises a WARC-Target-URI: trims, removes angle brackets (WARC 1.0 examples), encodes spaces.</summary>
    public static string NormaliseTargetUri(string raw)
    {
        var s = raw.Trim();
        if (s.Length >= 2 && s[0] == '<' && s[^1] == '>') s = s[1..^1].Trim();
        return s.Contains(' ', StringComparison.Ordinal) ? s.Replace(" ", "%20", StringComparison.Ordinal) : s;
    }
}
