using Parquet;
using Parquet.Schema;
using Pipeline.Core.Documents;
using Pipeline.Ingest.Io;
using Pipeline.Testing;
using static Pipeline.Ingest.Tests.JsonlTestSupport;

namespace Pipeline.Ingest.Tests;

public sealed class ParquetTests
{
    private static List<Document> Docs() =>
    [
        new("d1", "First text with ünïcode.", new SourceRef("crawl/a.warc.gz", 4096, "https://a.example/x", new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero), "text/html", "<urn:uuid:abc>", "byte"),
            Meta.Empty.Set("domain", "a.example").Set("score", 0.25).Set("count", 7L).Set("ok", false).Set("signals", new[] { "noai", "tdm" })
                .Set("pii_counts", new Dictionary<string, long> { ["email"] = 1, ["phone"] = 2 })),
        new("d2", "Second.", new SourceRef("books/b.txt", 17, OffsetKind: "line")),
        new("d3", "", new SourceRef("x.jsonl", 0, null, null, null, "r3", "row"), Meta.Empty.Set("title", "T")),
    ];

    [Fact]
    public async Task WriteThenRead_AllFields_RoundTrip()
    {
        using var dir = new TempDir();
        var docs = Docs();
        var artifact = await WriteAllAsync(new ParquetSink(new ParquetSinkOptions { Path = dir.File("docs.parquet"), RowGroupSize = 2 }), Context(dir.Path), docs);
        Assert.Equal("documents", artifact.Kind);
        Assert.Equal("parquet", artifact.Get("format"));
        Assert.Equal("3", artifact.Get("documents"));
        Assert.Equal("2", artifact.Get("row_groups"));

        var back = await ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["docs.parquet"] }), Context(dir.Path));
        Assert.Equal(docs.Count, back.Count);
        for (int i = 0; i < docs.Count; i++)
        {
            Assert.Equal(docs[i].Id, back[i].Id);
            Assert.Equal(docs[i].Text, back[i].Text);
            Assert.Equal(docs[i].Source, back[i].Source);
            Assert.Equal(docs[i].Meta, back[i].Meta);
        }
        Assert.Equal(new[] { "email", "phone" }, back[0].Meta.GetCounts("pii_counts").Keys.Order());
    }

    [Fact]
    public async Task ReadAsync_ForeignFileWithOnlyTextColumn_IdsFromRowNumbers()
    {
        using var dir = new TempDir();
        var field = new DataField<string>("content");
        await using (var fs = File.Create(dir.File("foreign.parquet")))
        await using (var w = await ParquetWriter.CreateAsync(new ParquetSchema(field), fs))
        {
            for (int g = 0; g < 2; g++)
            {
                using var rg = w.CreateRowGroup();
                await rg.WriteAsync(field, new[] { $"g{g} a", null, $"g{g} c" });
            }
        }
        var ctx = Context(dir.Path);
        var docs = await ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["foreign.parquet"], TextColumn = "content", Domain = "books", MaxErrorRate = 1 }), ctx);

        Assert.Equal(["g0 a", "g0 c", "g1 a", "g1 c"], docs.Select(d => d.Text));
        Assert.Equal(DocumentId.For("foreign.parquet", 5), docs[3].Id);
        Assert.Equal(5, docs[3].Source.Offset);
        Assert.Equal("row", docs[3].Source.OffsetKind);
        Assert.Equal("books", docs[0].Meta.GetString("domain"));
        Assert.Equal(2, ctx.Stats.ErrorsByReason["parquet:null_text"]);
    }

    [Fact]
    public async Task ReadAsync_MissingTextColumn_ErrorNamesColumns()
    {
        using var dir = new TempDir();
        var field = new DataField<string>("body");
        await using (var fs = File.Create(dir.File("f.parquet")))
        await using (var w = await ParquetWriter.CreateAsync(new ParquetSchema(field), fs))
        {
            using var rg = w.CreateRowGroup();
            await rg.WriteAsync(field, new[] { "x" });
        }
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["f.parquet"] }), Context(dir.Path)));
        Assert.Contains("no column 'text' (columns: body)", ex.Message, StringComparison.Ordinal);
    }
}
