using Pipeline.Ingest.Web;
using Xunit;

namespace Pipeline.Ingest.Tests;

public sealed class DomainTests
{
    [Theory]
    [InlineData("news.bbc.co.uk", "bbc.co.uk")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("a.b.c.example.org", "example.org")]
    [InlineData("shop.example.com.au", "example.com.au")]
    [InlineData("user.github.io", "user.github.io")]
    [InlineData("co.uk", "co.uk")]
    [InlineData("localhost", "localhost")]
    [InlineData("192.168.1.10", "192.168.1.10")]
    [InlineData("WWW.Example.COM.", "example.com")]
    public void Registrable_Host_ReturnsRegistrableDomain(string host, string expected) => Assert.Equal(expected, DomainNames.Registrable(host));

    [Theory]
    [InlineData("https://Blog.Example.co.jp:8080/x?y", "blog.example.co.jp", "example.co.jp")]
    [InlineData("http://bücher.example.de/", "xn--bcher-kva.example.de", "example.de")]
    public void HostOf_Url_LowercaseIdnHost(string url, string host, string domain)
    {
        Assert.Equal(host, DomainNames.HostOf(url));
        Assert.Equal(domain, DomainNames.RegistrableOf(url));
    }

    [Theory]
    [InlineData("dns:example.com")]
    [InlineData("not a url")]
    [InlineData("")]
    public void HostOf_NoHttpHost_Null(string url) => Assert.Null(DomainNames.HostOf(url));

    [Theory]
    [InlineData("<http://example.com/a>", "http://example.com/a")]
    [InlineData(" http://example.com/a b ", "http://example.com/a%20b")]
    public void NormaliseTargetUri_BracketsAndSpaces_Normalised(string raw, string expected) => Assert.Equal(expected, DomainNames.NormaliseTargetUri(raw));
}
