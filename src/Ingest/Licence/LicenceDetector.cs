using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Ingest.Licence;

/// <summary>
/// The page's licence from, in order: <c>rel="license"</c> links, licence meta tags (license, dc.rights, dcterms.license, …)
/// and JSON-LD <c>license</c>; normalised to SPDX-style ids (CC-BY-4.0, CC0-1.0, MIT, …). Evidence names the signal and its value.
/// </summary>
internal static partial class LicenceDetector
{
    private static readonly string[] MetaNames = ["license", "licence", "dc.rights", "dc.license", "dcterms.license", "dcterms.rights", "cc:license", "og:license", "rights"];

    /// <summary>Detected (id, evidence), or null when the page names no recognised licence.</summary>
    public static (string Id, string Evidence)? Detect(IDocument doc)
    {
        foreach (var el in doc.QuerySelectorAll("link[rel][href], a[rel][href]"))
        {
            var rel = el.GetAttribute("rel")!;
            if (!rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r.Equals("license", StringComparison.OrdinalIgnoreCase))) continue;
            var href = el.GetAttribute("href")!.Trim();
            if (Normalise(href) is { } id) return (id, $"{el.LocalName}[rel=license] {href}");
        }
        foreach (var meta in doc.QuerySelectorAll("meta[content]"))
        {
            var name = (meta.GetAttribute("name") ?? meta.GetAttribute("property") ?? "").Trim().ToLowerInvariant();
            if (Array.IndexOf(MetaNames, name) < 0) continue;
            var content = meta.GetAttribute("content")!.Trim();
            if (Normalise(content) is { } id) return (id, $"meta[name={name}] {content}");
        }
        foreach (var script in doc.QuerySelectorAll("script[type]"))
        {
            if (!script.GetAttribute("type")!.Contains("ld+json", StringComparison.OrdinalIgnoreCase)) continue;
            var value = FindJsonLicence(script.TextContent);
            if (value is not null && Normalise(value) is { } id) return (id, $"json-ld license {value}");
        }
        return null;
    }

    /// <summary>An SPDX-style id for a licence URL or name, or null when not recognised.</summary>
    public static string? Normalise(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim().ToLowerInvariant();
        var m = CcUrl().Match(v);
        if (m.Success) return CcId(m.Groups[1].Value, m.Groups[2].Value);
        m = CcZeroUrl().Match(v);
        if (m.Success) return "CC0-" + m.Groups[1].Value;
        if (v.Contains("creativecommons.org/publicdomain/mark", StringComparison.Ordinal)) return "PDM-1.0";
        m = CcShort().Match(v);
        if (m.Success) return CcId(m.Groups[1].Value.Replace(' ', '-').Replace('_', '-'), m.Groups[2].Value.Length > 0 ? m.Groups[2].Value : "4.0");
        m = CcLong().Match(v);
        if (m.Success)
        {
            var parts = new List<string> { "by" };
            var words = m.Groups[1].Value;
            if (words.Contains("noncommercial", StringComparison.Ordinal) || words.Contains("non-commercial", StringComparison.Ordinal)) parts.Add("nc");
            if (words.Contains("noderiv", StringComparison.Ordinal) || words.Contains("no derivatives", StringComparison.Ordinal) || words.Contains("no-derivatives", StringComparison.Ordinal)) parts.Add("nd");
            else if (words.Contains("sharealike", StringComparison.Ordinal) || words.Contains("share alike", StringComparison.Ordinal) || words.Contains("share-alike", StringComparison.Ordinal)) parts.Add("sa");
            return CcId(string.Join('-', parts), m.Groups[2].Value.Length > 0 ? m.Groups[2].Value : "4.0");
        }
        if (v.Contains("cc0", StringComparison.Ordinal) || v.Contains("cc-zero", StringComparison.Ordinal)) return "CC0-1.0";
        if (v.Contains("opensource.org/licenses/mit", StringComparison.Ordinal) || v is "mit" or "mit license") return "MIT";
        if (v.Contains("apache.org/licenses/license-2.0", StringComparison.Ordinal) || v is "apache-2.0" or "apache 2.0" or "apache license 2.0") return "Apache-2.0";
        m = GnuUrl().Match(v);
        if (m.Success) return (m.Groups[1].Value == "fdl" ? "GFDL-" : m.Groups[1].Value.ToUpperInvariant() + "-") + m.Groups[2].Value;
        if (v is "public domain" or "publicdomain" or "public-domain" or "pd") return "PDM-1.0";
        var spdx = v.Replace(' ', '-').Replace('_', '-');
        if (spdx.StartsWith("spdx:", StringComparison.Ordinal)) spdx = spdx[5..];
        foreach (var id in SpdxIds)
            if (spdx.Equals(id, StringComparison.OrdinalIgnoreCase)) return id;
        return null;
    }

    /// <summary>Common SPDX ids recognised as written (any case, spaces or underscores for hyphens).</summary>
    private static readonly string[] SpdxIds =
    [
        "PDDL-1.0", "ODbL-1.0", "ODC-By-1.0", "PDM-1.0", "Unlicense", "0BSD", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0",
        "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only",
        "GFDL-1.3-only", "CC-BY-3.0", "CC-BY-SA-3.0", "OGL-UK-3.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
    ];

    private static string CcId(string kind, string version)
    {
        var k = kind.Trim('-').ToUpperInvariant();
        if (k is not ("BY" or "BY-SA" or "BY-NC" or "BY-ND" or "BY-NC-SA" or "BY-NC-ND")) k = k.Replace("BY-SA-NC", "BY-NC-SA", StringComparison.Ordinal).Replace("BY-ND-NC", "BY-NC-ND", StringComparison.Ordinal);
        return $"CC-{k}-{version}";
    }

    private static string? FindJsonLicence(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            return Find(doc.RootElement, 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Find(JsonElement e, int depth)
    {
        if (depth > 20) return null;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name.Equals("license", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("licence", StringComparison.OrdinalIgnoreCase))
                    {
                        if (p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
                        if (p.Value.ValueKind == JsonValueKind.Object)
                            foreach (var key in new[] { "@id", "url", "name" })
                                if (p.Value.TryGetProperty(key, out var x) && x.ValueKind == JsonValueKind.String) return x.GetString();
                        if (p.Value.ValueKind == JsonValueKind.Array)
                            foreach (var item in p.Value.EnumerateArray())
                                if (item.ValueKind == JsonValueKind.String) return item.GetString();
                    }
                }
                foreach (var p in e.EnumerateObject()) if (Find(p.Value, depth + 1) is { } r) return r;
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) if (Find(item, depth + 1) is { } r) return r;
                break;
        }
        return null;
    }

    [GeneratedRegex(@"creativecommons\.org/licen[sc]es/(by(?:-nc)?(?:-nd|-sa)?|by-sa-nc|by-nd-nc)/(\d\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CcUrl();

    [GeneratedRegex(@"creativecommons\.org/publicdomain/zero/(\d\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CcZeroUrl();

    [GeneratedRegex(@"^cc[\s\-_]+(by(?:[\s\-_]nc)?(?:[\s\-_](?:nd|sa))?)(?:[\s\-_]+(\d\.\d))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CcShort();

    [GeneratedRegex(@"creative\s+commons\s+attribution([a-z\s\-]*?)(?:\s*(\d\.\d))?(?:\s+international|\s+unported|\s+license|\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex CcLong();

    [GeneratedRegex(@"gnu\.org/licenses/(gpl|lgpl|agpl|fdl)(?:-|\.html|/)?(\d\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex GnuUrl();
}
