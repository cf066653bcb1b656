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

    [Fact]
    public async Task WriteAsync_Columns_TimestampAndMetadataMapWithJsonColumn()
    {
        using var dir = new TempDir();
        await WriteAllAsync(new ParquetSink(new ParquetSinkOptions { Path = dir.File("docs.parquet") }), Context(dir.Path), Docs());
        await using var fs = File.OpenRead(dir.File("docs.parquet"));
        await using var reader = await ParquetReader.CreateAsync(fs);
        var time = Assert.IsType<DateTimeDataField>(reader.Schema.FindDataField("fetch_time"));
        Assert.Equal(DateTimeFormat.Timestamp, time.DateTimeFormat);
        var map = Assert.IsType<MapField>(reader.Schema.Fields.Single(f => f.Name == "metadata"));
        Assert.Equal(["key", "value"], new[] { map.Key.Name, map.Value.Name });
        Assert.Contains(reader.Schema.FindDataField("metadata_json").ClrType, new[] { typeof(string), typeof(ReadOnlyMemory<char>) });

        using var rg = reader.OpenRowGroupReader(0);
        var times = new DateTime?[3];
        await rg.ReadAsync<DateTime>(time, times.AsMemory());
        Assert.Equal(new DateTime(2024, 2, 3, 4, 5, 6, DateTimeKind.Utc), times[0]);
        Assert.Null(times[1]);
        // one entry per key, sorted; d2 has no metadata (an empty map), d3 one key
        var keyField = reader.Schema.GetDataFields().Single(f => f.Path.ToString() == "metadata/key_value/key");
        var valueField = reader.Schema.GetDataFields().Single(f => f.Path.ToString() == "metadata/key_value/value");
        async Task<(string[] Values, int[] Defs, int[] Reps)> Leaf(DataField f)
        {
            var v = new ReadOnlyMemory<char>[8];
            var d = new int[8];
            var r = new int[8];
            await rg.ReadRawAsync<ReadOnlyMemory<char>>(f, v.AsMemory(), d.AsMemory(), r.AsMemory());
            return ([.. v.Take(d.Count(x => x == 2)).Select(x => x.ToString())], d, r);
        }
        var (keys, defs, reps) = await Leaf(keyField);
        var (values, _, _) = await Leaf(valueField);
        Assert.Equal(["count", "domain", "ok", "pii_counts", "score", "signals", "title"], keys);
        Assert.Equal(["7", "a.example", "false", "{\"email\":1,\"phone\":2}", "0.25", "[\"noai\",\"tdm\"]", "T"], values);
        Assert.Equal([2, 2, 2, 2, 2, 2, 1, 2], defs);
        Assert.Equal([0, 1, 1, 1, 1, 1, 0, 0], reps);
    }

    [Fact]
    public async Task ReadAsync_EarlierLayoutWithStringTimeAndJsonMetadata_RoundTrips()
    {
        using var dir = new TempDir();
        DataField<string> Str(string name, bool nullable) => new(name, nullable);
        var fields = new Field[]
        {
            Str("id", false), Str("text", false), Str("source_file", false), new DataField<long>("source_offset", false), Str("source_offset_kind", false),
            Str("source_url", true), Str("fetch_time", true), Str("content_type", true), Str("record_id", true), Str("metadata", false),
        };
        var docs = Docs();
        await using (var fs = File.Create(dir.File("old.parquet")))
        await using (var w = await ParquetWriter.CreateAsync(new ParquetSchema(fields), fs))
        {
            using var rg = w.CreateRowGroup();
            string?[] Col(Func<Document, string?> get) => [.. docs.Select(get)];
            var data = fields.Cast<DataField>().ToArray();
            await rg.WriteAsync(data[0], Col(d => d.Id));
            await rg.WriteAsync(data[1], Col(d => d.Text));
            await rg.WriteAsync(data[2], Col(d => d.Source.File));
            await rg.WriteAsync<long>(data[3], docs.Select(d => d.Source.Offset).ToArray().AsMemory());
            await rg.WriteAsync(data[4], Col(d => d.Source.OffsetKind));
            await rg.WriteAsync(data[5], Col(d => d.Source.Url));
            await rg.WriteAsync(data[6], Col(d => DocumentJsonl.FormatTime(d.Source.FetchTime)));
            await rg.WriteAsync(data[7], Col(d => d.Source.ContentType));
            await rg.WriteAsync(data[8], Col(d => d.Source.RecordId));
            await rg.WriteAsync(data[9], Col(d => MetaJson.ToJson(d.Meta)));
        }
        var back = await ReadAllAsync(new ParquetSource(new ParquetSourceOptions { Paths = ["old.parquet"] }), Context(dir.Path));
        Assert.Equal(docs.Select(d => d.Source), back.Select(d => d.Source));
        Assert.Equal(docs.Select(d => MetaJson.ToJson(d.Meta)), back.Select(d => MetaJson.ToJson(d.Meta)));
        for (int i = 0; i < docs.Count; i++) Assert.Equal(docs[i].Meta, back[i].Meta);
        Assert.Equal(docs.Select(d => d.Id), back.Select(d => d.Id));
    }
}
