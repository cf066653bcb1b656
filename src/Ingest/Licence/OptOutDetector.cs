using AngleSharp.Dom;

namespace Pipeline.Ingest.Licence;

/// <summary>
/// AI / text-and-data-mining opt-out signals. Each signal is "source:directive": "meta-robots:noai",
/// "x-robots-tag:noimageai", "tdm-reservation:1" (meta tag), "tdm-reservation-header:1".
/// </summary>
internal static class OptOutDetector
{
    private static readonly string[] RobotsNames = ["robots", "googlebot", "bingbot", "ccbot", "gptbot"];

    /// <summary>Adds the noai/noimageai directives in a robots meta or X-Robots-Tag value (which may name a bot: "otherbot: noai").</summary>
    public static void FromRobotsValue(string value, string source, List<string> signals)
    {
        foreach (var raw in value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var token = raw;
            int colon = token.LastIndexOf(':');
            if (colon >= 0) token = token[(colon + 1)..];
            token = token.ToLowerInvariant();
            if (token is "noai" or "noimageai") signals.Add(source + ":" + token);
        }
    }

    /// <summary>Adds a TDM reservation when the value is "1" (TDMRep: reserved).</summary>
    public static void FromTdmReservation(string value, string source, List<string> signals)
    {
        if (value.Trim() == "1") signals.Add(source + ":1");
    }

    /// <summary>Signals in a parsed HTML document's meta tags.</summary>
    public static void FromDocument(IDocument doc, List<string> signals)
    {
        foreach (var meta in doc.QuerySelectorAll("meta[name][content]"))
        {
            var name = meta.GetAttribute("name")!.Trim().ToLowerInvariant();
            var content = meta.GetAttribute("content")!;
            if (Array.IndexOf(RobotsNames, name) >= 0) FromRobotsValue(content, "meta-robots", signals);
            else if (name == "tdm-reservation") FromTdmReservation(content, "tdm-reservation", signals);
        }
        foreach (var meta in doc.QuerySelectorAll("meta[http-equiv][content]"))
        {
            var name = meta.GetAttribute("http-equiv")!.Trim().ToLowerInvariant();
            if (name == "x-robots-tag") FromRobotsValue(meta.GetAttribute("content")!, "x-robots-tag", signals);
        }
    }
}
