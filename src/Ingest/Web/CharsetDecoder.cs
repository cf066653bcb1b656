using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Ingest.Web;

/// <summary>
/// Bytes → text for web payloads. Order: byte-order mark, declared charset (HTTP header), &lt;meta charset&gt; /
/// http-equiv in the first 4 KiB of HTML, then strict UTF-8, then windows-1252. Invalid bytes become U+FFFD; never throws.
/// </summary>
internal static partial class CharsetDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);
    private static readonly DecoderFallback Replacement = new DecoderReplacementFallback("\uFFFD");

    static CharsetDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="used"/> names the charset chosen and how ("bom:utf-8", "header:iso-8859-2", "meta:utf-8", "sniff:utf-8", "fallback:windows-1252").</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset, bool sniffHtml, out string used)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { used = "bom:utf-8"; return Encoding.UTF8.GetString(bytes[3..]); }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) { used = "bom:utf-16le"; return Encoding.Unicode.GetString(bytes[2..]); }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) { used = "bom:utf-16be"; return Encoding.BigEndianUnicode.GetString(bytes[2..]); }

        if (Resolve(declaredCharset, fromMeta: false) is { } declared)
        {
            used = "header:" + declared.WebName;
            return declared.GetString(bytes);
        }
        if (sniffHtml && Resolve(SniffMeta(bytes), fromMeta: true) is { } meta)
        {
            used = "meta:" + meta.WebName;
            return meta.GetString(bytes);
        }
        try
        {
            var s = StrictUtf8.GetString(bytes);
            used = "sniff:utf-8";
            return s;
        }
        catch (DecoderFallbackException)
        {
            used = "fallback:windows-1252";
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>The charset parameter of a Content-Type value, or null.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return null;
        var m = CharsetParam().Match(contentType);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The MIME type (lowercase, no parameters) of a Content-Type value, or null.</summary>
    public static string? MimeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        int semi = contentType.IndexOf(';', StringComparison.Ordinal);
        var mime = (semi >= 0 ? contentType[..semi] : contentType).Trim().ToLowerInvariant();
        return mime.Length == 0 ? null : mime;
    }

    /// <summary>The charset declared by a meta tag in the first 4 KiB, or null.</summary>
    internal static string? SniffMeta(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        var m = MetaCharset().Match(head);
        if (m.Success) return m.Groups[1].Value;
        m = MetaHttpEquiv().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>An encoding for a label (WHATWG-style aliases), with replacement fallbacks, or null when unknown.</summary>
    internal static Encoding? Resolve(string? label, bool fromMeta)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        name = name switch
        {
            "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "iso8859-1" or "l1" or "cp1252" => "windows-1252",
            "utf8" => "utf-8",
            "x-sjis" or "sjis" => "shift_jis",
            "gb2312" or "gbk" => "gb18030",
            _ => name,
        };
        // A meta tag cannot really declare UTF-16 (the bytes it was read from are ASCII-compatible).
        if (fromMeta && name.StartsWith("utf-16", StringComparison.Ordinal)) name = "utf-8";
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, Replacement);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"charset\s*=\s*[""']?([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetParam();

    [GeneratedRegex(@"<meta\s[^>]*?charset\s*=\s*[""']?\s*([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    [GeneratedRegex(@"<meta\s[^>]*?content\s*=\s*[""'][^""'>]*charset\s*=\s*([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaHttpEquiv();
}
