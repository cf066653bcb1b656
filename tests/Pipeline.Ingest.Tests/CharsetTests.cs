using System.Text;
using Pipeline.Ingest.Web;
using Xunit;

namespace Pipeline.Ingest.Tests;

public sealed class CharsetTests
{
    [Fact]
    public void Decode_HeaderCharset_Wins()
    {
        var bytes = Encoding.Latin1.GetBytes("café");
        Assert.Equal("café", CharsetDecoder.Decode(bytes, "ISO-8859-1", true, out var used));
        Assert.Equal("header:windows-1252", used);
    }

    [Fact]
    public void Decode_MetaCharset_UsedWithoutHeader()
    {
        CharsetDecoder.Decode([], null, false, out _); // registers code pages
        var html = "<html><head><meta charset=\"windows-1251\"></head><body>Привет</body></html>";
        var bytes = Encoding.GetEncoding(1251).GetBytes(html);
        Assert.Contains("Привет", CharsetDecoder.Decode(bytes, null, true, out var used), StringComparison.Ordinal);
        Assert.Equal("meta:windows-1251", used);
    }

    [Fact]
    public void Decode_HttpEquivContentType_Used()
    {
        var html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\"><p>€</p>";
        CharsetDecoder.Decode([], null, false, out _);
        var bytes = Encoding.GetEncoding("iso-8859-15").GetBytes(html);
        Assert.Contains("<p>€</p>", CharsetDecoder.Decode(bytes, null, true, out var used), StringComparison.Ordinal);
        Assert.StartsWith("meta:", used, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Bom_BeatsHeader()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("naïve")];
        Assert.Equal("naïve", CharsetDecoder.Decode(bytes, "windows-1252", true, out var used));
        Assert.Equal("bom:utf-8", used);
    }

    [Fact]
    public void Decode_InvalidUtf8WithoutDeclaration_FallsBackToWindows1252()
    {
        byte[] bytes = [(byte)'a', 0xE9, (byte)'t', 0xE9];
        Assert.Equal("aété", CharsetDecoder.Decode(bytes, null, true, out var used));
        Assert.Equal("fallback:windows-1252", used);
    }

    [Fact]
    public void Decode_UnknownCharsetAndInvalidBytes_NeverThrows()
    {
        byte[] bytes = [0xFF, 0xC3, 0x28, (byte)'x'];
        var s = CharsetDecoder.Decode(bytes, "x-no-such-charset", true, out var used);
        Assert.EndsWith("x", s, StringComparison.Ordinal);
        Assert.Equal("fallback:windows-1252", used);
        Assert.Contains('\uFFFD', CharsetDecoder.Decode(bytes, "utf-8", true, out _));
    }
}
