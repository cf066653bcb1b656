using System.Text;
using Pipeline.Ingest.Io;
using Pipeline.Testing;
using static Pipeline.Ingest.Tests.JsonlTestSupport;

namespace Pipeline.Ingest.Tests;

/// <summary>Metadata fidelity on ingest: top-level fields, licence spellings and declarations, domain from URL.</summary>
public sealed class SourceMetadataTests
{
    private static async Task<List<Core.Documents.Document>> ReadJsonlAsync(TempDir dir, string lines, JsonlSourceOptions? options = null)
    {
        File.WriteAllText(dir.File("in.jsonl"), lines, new UTF8Encoding(false));
        var o = options ?? new JsonlSourceOptions();
        o = new JsonlSourceOptions
        {
            Paths = ["in.jsonl"], TextKey = o.TextKey, IdKey = o.IdKey, UrlKey = o.UrlKey, LicenceKey = o.LicenceKey,
            MetadataFields = o.MetadataFields, Licence = o.Licence, LicenceByPath = o.LicenceByPath, Domain = o.Domain,
        };
        return await ReadAllAsync(new JsonlSource(o), Context(dir.Path));
    }

    [Fact]
    public async Task Jsonl_TopLevelFields_KeptAsMetadata()
    {
        using var dir = new TempDir();
        var docs = await ReadJsonlAsync(dir, """{"year": 1790, "name": "George Washington", "party": "none", "tags": ["a", "b"], "text": "Fellow-Citizens"}""" + "\n");
        var m = Assert.Single(docs).Meta;
        Assert.Equal(1790L, m.GetLong("year"));
        Assert.Equal("George Washington", m.GetString("name"));
        Assert.Equal("none", m.GetString("party"));
        Assert.Equal(["a", "b"], m.GetStrings("tags"));
        Assert.False(m.ContainsKey("text"));
    }

    [Fact]
    public async Task Jsonl_MetadataFieldsAndKeys_OnlyChosenFieldsAndNamedKeys()
    {
        using var dir = new TempDir();
        var docs = await ReadJsonlAsync(dir, """{"doc": "d-1", "body": "Hello", "link": "https://news.example.org/a?b=1", "rights": "cc by-sa 4.0", "year": 2001, "secret": "x", "metadata": {"year": 1999}}""" + "\n",
            new JsonlSourceOptions { IdKey = "doc", TextKey = "body", UrlKey = "link", LicenceKey = "rights", MetadataFields = ["year"] });
        var d = Assert.Single(docs);
        Assert.Equal("d-1", d.Id);
        Assert.Equal("Hello", d.Text);
        Assert.Equal("https://news.example.org/a?b=1", d.Source.Url);
        Assert.Equal(1999L, d.Meta.GetLong("year")); // the metadata object wins over a top-level field
        Assert.False(d.Meta.ContainsKey("secret"));
        Assert.Equal("CC-BY-SA-4.0", d.Meta.GetString("licence"));
        Assert.Equal("example.org", d.Meta.GetString("domain"));
        Assert.Equal("news.example.org", d.Meta.GetString("host"));
    }

    [Theory]
    [InlineData("""{"text": "t", "metadata": {"license": "CC-BY-4.0"}}""", "CC-BY-4.0")]
    [InlineData("""{"text": "t", "metadata": {"licence": "cc0 1.0"}}""", "CC0-1.0")]
    [InlineData("""{"text": "t", "license": "https://creativecommons.org/licenses/by/4.0/"}""", "CC-BY-4.0")]
    [InlineData("""{"text": "t", "licence": "mit"}""", "MIT")]
    [InlineData("""{"text": "t", "license": "pddl-1.0"}""", "PDDL-1.0")]
    [InlineData("""{"text": "t", "license": "apache 2.0"}""", "Apache-2.0")]
    [InlineData("""{"text": "t", "license": "Some Custom Licence"}""", "Some Custom Licence")]
    public async Task Jsonl_LicenceSpellings_NormalisedToLicence(string line, string expected)
    {
        using var dir = new TempDir();
        var d = Assert.Single(await ReadJsonlAsync(dir, line + "\n"));
        Assert.Equal(expected, d.Meta.GetString("licence"));
        Assert.False(d.Meta.ContainsKey("license"));
    }

    [Fact]
    public async Task Jsonl_DeclaredLicence_UsedWhenRecordNamesNone()
    {
        using var dir = new TempDir();
        var docs = await ReadJsonlAsync(dir, "{\"text\": \"a\"}\n{\"text\": \"b\", \"license\": \"MIT\"}\n", new JsonlSourceOptions { Licence = "CC0 1.0" });
        Assert.Equal("CC0-1.0", docs[0].Meta.GetString("licence"));
        Assert.StartsWith("declared", docs[0].Meta.GetString("licence_evidence"), StringComparison.Ordinal);
        Assert.Equal("MIT", docs[1].Meta.GetString("licence"));
    }

    [Fact]
    public async Task Text_LicenceByPath_PerFilePattern()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("corpora"));
        File.WriteAllText(dir.File("corpora/moby.txt"), "Call me Ishmael.");
        File.WriteAllText(dir.File("corpora/bard.txt"), "To be.");
        File.WriteAllText(dir.File("corpora/other.txt"), "Other.");
        var docs = await ReadAllAsync(new TextSource(new TextSourceOptions
        {
            Paths = ["corpora/*.txt"],
            Licence = "proprietary",
            LicenceByPath = new() { ["corpora/moby*.txt"] = "CC0-1.0", ["**/bard.txt"] = "public domain" },
        }), Context(dir.Path));
        var byFile = docs.ToDictionary(d => Path.GetFileName(d.Source.File), d => d.Meta.GetString("licence"));
        Assert.Equal("CC0-1.0", byFile["moby.txt"]);
        Assert.Equal("PDM-1.0", byFile["bard.txt"]);
        Assert.Equal("proprietary", byFile["other.txt"]);
    }

    [Fact]
    public async Task Parquet_ForeignFileWithLicenceOption_LicenceRecorded()
    {
        using var dir = new TempDir();
        var docs = new List<Core.Documents.Document> { new("d1", "text one", new Core.Documents.SourceRef("x", 0, "https://www.example.com/p"), Core.Documents.Meta.Empty) };
        await WriteAllAsync(new ParquetSink(new ParquetSinkOptions { Path = dir.File("a.parquet") }), Context(dir.Path), docs);
        var back = await ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["a.parquet"], Licence = "CC-BY 4.0" }), Context(dir.Path));
        var d = Assert.Single(back);
        Assert.Equal("CC-BY-4.0", d.Meta.GetString("licence"));
        Assert.Equal("example.com", d.Meta.GetString("domain"));
    }

    [SharedDataFact("corpora/sotu.jsonl")]
    public async Task Jsonl_SharedSotu_YearNamePartyKept()
    {
        using var dir = new TempDir();
        var docs = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = [SharedData.PathOf("corpora/sotu.jsonl")], Domain = "sotu", Licence = "CC0-1.0" }), Context(dir.Path));
        Assert.NotEmpty(docs);
        Assert.All(docs, d =>
        {
            Assert.NotNull(d.Meta.GetLong("year"));
            Assert.False(string.IsNullOrEmpty(d.Meta.GetString("name")));
            Assert.NotNull(d.Meta.GetString("party"));
            Assert.Equal("CC0-1.0", d.Meta.GetString("licence"));
        });
        Assert.Equal("George Washington", docs[0].Meta.GetString("name"));
    }
}
