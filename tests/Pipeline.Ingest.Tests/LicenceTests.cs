using Pipeline.Ingest.Html;
using Pipeline.Ingest.Licence;
using Xunit;

namespace Pipeline.Ingest.Tests;

public sealed class LicenceTests
{
    [Theory]
    [InlineData("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0")]
    [InlineData("http://creativecommons.org/licenses/by-sa/3.0/deed.en", "CC-BY-SA-3.0")]
    [InlineData("//creativecommons.org/licenses/by-nc-nd/4.0/", "CC-BY-NC-ND-4.0")]
    [InlineData("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0")]
    [InlineData("CC BY-SA 4.0", "CC-BY-SA-4.0")]
    [InlineData("cc-by-nc-4.0", "CC-BY-NC-4.0")]
    [InlineData("Creative Commons Attribution-ShareAlike 4.0 International", "CC-BY-SA-4.0")]
    [InlineData("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License", "CC-BY-NC-ND-4.0")]
    [InlineData("https://opensource.org/licenses/MIT", "MIT")]
    [InlineData("https://www.gnu.org/licenses/fdl-1.3.html", "GFDL-1.3")]
    [InlineData("https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0")]
    public void Normalise_KnownLicence_SpdxId(string value, string expected) => Assert.Equal(expected, LicenceDetector.Normalise(value));

    [Theory]
    [InlineData("All rights reserved")]
    [InlineData("https://example.com/terms")]
    public void Normalise_Unknown_Null(string value) => Assert.Null(LicenceDetector.Normalise(value));

    [Fact]
    public void Extract_RelLicenseLink_LicenceAndEvidence()
    {
        var r = MainTextExtractor.Extract("<html><body><article><p>Text of the article goes here, long enough.</p></article>" +
            "<footer><a rel=\"license\" href=\"https://creativecommons.org/licenses/by-sa/4.0/\">CC BY-SA</a></footer></body></html>");
        Assert.Equal("CC-BY-SA-4.0", r.Licence);
        Assert.Equal("a[rel=license] https://creativecommons.org/licenses/by-sa/4.0/", r.LicenceEvidence);
    }

    [Fact]
    public void Extract_MetaLicence_Detected()
    {
        var r = MainTextExtractor.Extract("<html><head><meta name=\"dcterms.license\" content=\"https://creativecommons.org/publicdomain/zero/1.0/\"></head><body><p>x</p></body></html>");
        Assert.Equal("CC0-1.0", r.Licence);
        Assert.StartsWith("meta[name=dcterms.license]", r.LicenceEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_JsonLdLicense_Detected()
    {
        var r = MainTextExtractor.Extract("<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"Article\"," +
            "\"license\":{\"@id\":\"https://creativecommons.org/licenses/by-nc-nd/4.0/\"}}]}</script></head><body><p>x</p></body></html>");
        Assert.Equal("CC-BY-NC-ND-4.0", r.Licence);
        Assert.StartsWith("json-ld license", r.LicenceEvidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoLicence_Null()
    {
        var r = MainTextExtractor.Extract("<html><body><p>Copyright 2024. All rights reserved.</p><a rel=\"nofollow\" href=\"https://creativecommons.org/licenses/by/4.0/\">x</a></body></html>");
        Assert.Null(r.Licence);
        Assert.Empty(r.OptOut);
    }

    [Fact]
    public void Extract_RobotsNoaiAndTdmReservation_OptOutSignals()
    {
        var r = MainTextExtractor.Extract("<html><head><meta name=\"robots\" content=\"index, follow, noai, noimageai\">" +
            "<meta name=\"tdm-reservation\" content=\"1\"></head><body><p>x</p></body></html>");
        Assert.Equal(["meta-robots:noai", "meta-robots:noimageai", "tdm-reservation:1"], r.OptOut.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extract_TdmReservationZeroAndPlainRobots_NoOptOut()
    {
        var r = MainTextExtractor.Extract("<html><head><meta name=\"robots\" content=\"noindex\"><meta name=\"tdm-reservation\" content=\"0\"></head><body><p>x</p></body></html>");
        Assert.Empty(r.OptOut);
    }

    [Fact]
    public void FromRobotsValue_XRobotsTagWithBotName_Parsed()
    {
        var signals = new List<string>();
        OptOutDetector.FromRobotsValue("otherbot: noai, noimageai", "x-robots-tag", signals);
        OptOutDetector.FromTdmReservation("1", "tdm-reservation-header", signals);
        Assert.Equal(["x-robots-tag:noai", "x-robots-tag:noimageai", "tdm-reservation-header:1"], signals);
    }
}
