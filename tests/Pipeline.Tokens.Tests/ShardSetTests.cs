using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Tokens.Tests;

public sealed class ShardSetTests
{
    private static ShardSetManifest Build(string folder, IEnumerable<Document> docs, ShardsOptions? options = null,
        IReadOnlyDictionary<string, double>? mixture = null, List<ShardSpanRecord>? spans = null)
    {
        using var b = new ShardSetBuilder(folder, TestData.Small, options ?? new ShardsOptions { ShardTokens = 4096, ValidationFraction = 0.1 }, mixture, spans is null ? null : spans.Add);
        foreach (var d in docs) b.Add(d);
        return b.Complete();
    }

    [Fact]
    public void Complete_Documents_EveryIndexRowDecodesToItsDocumentPlusEot()
    {
        using var dir = new TempDir();
        var docs = TestData.Documents(600);
        var spans = new List<ShardSpanRecord>();
        var m = Build(dir.Path, docs, spans: spans);
        var index = TokenIndex.Load(dir.Path);
        var byId = docs.ToDictionary(d => d.Id);
        var tk = TestData.Small;
        Assert.True(m.ShardsOf("train").Count > 1, "small shard size should roll over to several train shards");
        Assert.All(m.ShardsOf("train"), s => Assert.True(s.Tokens <= 4096 + 1000));
        foreach (var row in index.Entries)
        {
            using var r = ShardReader.Open(Path.Combine(dir.Path, row.Shard));
            var ids = r.ReadWindow(row.TokenStart, (int)row.TokenCount);
            Assert.Equal(tk.EotId, ids[^1]);
            Assert.Equal(byId[row.DocId].Text, tk.Decode(ids[..^1]));
            Assert.Equal(byId[row.DocId].Meta.GetString("domain"), row.Domain);
        }
        // Every shard is covered exactly by its rows, and the manifest agrees with the files.
        foreach (var s in m.Shards)
        {
            var rows = index.Entries.Where(e => e.Shard == s.File).OrderBy(e => e.TokenStart).ToList();
            Assert.Equal(s.Tokens, rows.Sum(e => e.TokenCount));
            Assert.Equal(s.Documents, rows.Count);
            long pos = 0;
            foreach (var e in rows) { Assert.Equal(pos, e.TokenStart); pos += e.TokenCount; }
            Assert.Equal(s.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir.Path, s.File)))));
            using var r = ShardReader.Open(Path.Combine(dir.Path, s.File));
            Assert.Equal(s.Tokens, r.TokenCount);
            Assert.Equal(s.Documents, Enumerable.Range(0, (int)r.TokenCount).Count(i => r[i] == tk.EotId));
        }
        Assert.Equal(index.Entries.Count, spans.Count);
        Assert.Equal(600, m.Documents);
        Assert.Equal(600, m.Domains.Values.Sum(d => d.Documents));
        Assert.Equal(m.TrainTokens, m.ShardsOf("train").Sum(s => s.Tokens));
        Assert.Equal(m.ValTokens, m.ShardsOf("val").Sum(s => s.Tokens));
        Assert.Equal(TestData.Small.Sha256, m.Tokenizer.Sha256);
        Assert.Equal(ShardFormat.VersionUInt16, m.ShardVersion);
    }

    [Fact]
    public void Find_PositionInShard_ReturnsCoveringDocument()
    {
        using var dir = new TempDir();
        var docs = TestData.Documents(200);
        Build(dir.Path, docs);
        var index = TokenIndex.Load(dir.Path);
        var rows = index.Entries.Where(e => e.Shard == "train_000000.bin").OrderBy(e => e.TokenStart).ToList();
        var second = rows[1];
        Assert.Equal(second, index.Find("train_000000.bin", second.TokenStart));
        Assert.Equal(second, index.Find("train_000000.bin", second.TokenStart + second.TokenCount - 1));
        Assert.Equal(rows[2], index.Find("train_000000.bin", second.TokenStart + second.TokenCount));
        Assert.Equal(rows[0], index.Find(Path.Combine(dir.Path, "train_000000.bin"), 0));
        Assert.Null(index.Find("train_000000.bin", rows[^1].TokenStart + rows[^1].TokenCount));
        Assert.Null(index.Find("nope.bin", 0));
        var range = index.FindRange("train_000000.bin", second.TokenStart + 1, second.TokenCount + 1);
        Assert.Equal([second, rows[2]], range);
    }

    [Fact]
    public void Split_SameIds_SameSplitWhateverOrderAndNeighbours()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var docs = TestData.Documents(1000);
        Build(a.Path, docs);
        Build(b.Path, docs.AsEnumerable().Reverse().Where((d, i) => i % 3 != 0));
        var splitA = TokenIndex.Load(a.Path).Entries.Where(e => !e.Shard.Contains('.') || e.Shard.StartsWith("val_0", StringComparison.Ordinal) || e.Shard.StartsWith("train_", StringComparison.Ordinal))
            .GroupBy(e => e.DocId).ToDictionary(g => g.Key, g => g.First().Split);
        var splitB = TokenIndex.Load(b.Path).Entries.GroupBy(e => e.DocId).ToDictionary(g => g.Key, g => g.First().Split);
        foreach (var (id, split) in splitB) Assert.Equal(splitA[id], split);
        int val = splitA.Values.Count(s => s == "val");
        Assert.InRange(val, 60, 140); // 10 % of 1000
    }

    [Fact]
    public void Build_OneWorkerOrFour_ByteIdenticalShards()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var docs = TestData.Documents(800, seed: 11);
        var ma = Build(a.Path, docs, new ShardsOptions { ShardTokens = 5000, ValidationFraction = 0.2, Workers = 1 });
        var mb = Build(b.Path, docs, new ShardsOptions { ShardTokens = 5000, ValidationFraction = 0.2, Workers = 4 });
        Assert.Equal(ma.Shards.Select(s => (s.File, s.Sha256)), mb.Shards.Select(s => (s.File, s.Sha256)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, "index.jsonl")), File.ReadAllBytes(Path.Combine(b.Path, "index.jsonl")));
    }

    [Fact]
    public void Complete_ValidationPerDomain_LargestDomainsKeepNamesRestPooled()
    {
        using var dir = new TempDir();
        var docs = TestData.Documents(1000);
        var m = Build(dir.Path, docs, new ShardsOptions { ShardTokens = 1 << 20, ValidationFraction = 0.3, MaxDomains = 2 });
        Assert.Equal(["a.example", "b.example", "other"], m.Domains.Keys.Order(StringComparer.Ordinal));
        var perDomain = m.Shards.Where(s => s.Domain is not null).ToList();
        Assert.Equal(["val_a.example_000000.bin", "val_b.example_000000.bin", "val_other_000000.bin"], perDomain.Select(s => s.File).Order(StringComparer.Ordinal));
        Assert.Equal(m.ShardsOf("val").Single().Tokens, perDomain.Sum(s => s.Tokens));
        Assert.Equal(m.Domains["other"].ValTokens, m.ShardsOf("val", "other").Single().Tokens);
        Assert.Equal(docs.Count(d => d.Meta.GetString("domain") == "c.example"), m.Domains["other"].Documents);
        // The per-domain copies hold the same documents as the mixed validation shard.
        var index = TokenIndex.Load(dir.Path);
        var valIds = index.Entries.Where(e => e.Shard == "val_000000.bin").Select(e => e.DocId).Order().ToList();
        var copyIds = index.Entries.Where(e => e.Shard.StartsWith("val_", StringComparison.Ordinal) && e.Shard != "val_000000.bin").Select(e => e.DocId).Order().ToList();
        Assert.Equal(valIds, copyIds);
    }

    [Fact]
    public void Mixture_UpAndDownWeights_RepeatAndDropTrainDocuments()
    {
        using var plain = new TempDir();
        using var mixed = new TempDir();
        var docs = TestData.Documents(1000);
        var options = new ShardsOptions { ShardTokens = 1 << 20, ValidationFraction = 0.1 };
        var m0 = Build(plain.Path, docs, options);
        var weights = new Dictionary<string, double> { ["a.example"] = 0.5, ["b.example"] = 2.0, ["c.example"] = 0.0 };
        var m1 = Build(mixed.Path, docs, options, weights);
        Assert.Equal(2 * m0.Domains["b.example"].TrainDocuments, m1.Domains["b.example"].TrainDocuments);
        Assert.Equal(2 * m0.Domains["b.example"].TrainTokens, m1.Domains["b.example"].TrainTokens);
        Assert.Equal(0, m1.Domains["c.example"].TrainDocuments);
        double kept = (double)m1.Domains["a.example"].TrainDocuments / m0.Domains["a.example"].TrainDocuments;
        Assert.InRange(kept, 0.4, 0.6);
        Assert.Equal(m0.Domains["c.example"].ValDocuments, m1.Domains["c.example"].ValDocuments); // validation is never resampled
        Assert.Equal(2.0, m1.Domains["b.example"].Weight);
        Assert.Equal(weights, m1.Mixture);
        var again = new TempDir();
        try { Assert.Equal(m1.Shards.Select(s => s.Sha256), Build(again.Path, docs, options, weights).Shards.Select(s => s.Sha256)); }
        finally { again.Dispose(); }
    }

    [Fact]
    public void MixtureWeights_FileFormat_LoadsAndRejectsBadValues()
    {
        using var dir = new TempDir();
        var path = dir.File("next_mixture.json");
        MixtureWeights.Save(path, new Dictionary<string, double> { ["sotu"] = 1.5, ["web"] = 0.25 });
        Assert.Equal(new Dictionary<string, double> { ["sotu"] = 1.5, ["web"] = 0.25 }, MixtureWeights.Load(path));
        File.WriteAllText(path, "{\"weights\": {\"web\": -1}}");
        var e = Assert.Throws<InvalidDataException>(() => MixtureWeights.Load(path));
        Assert.Contains("weights.web", e.Message);
    }

    [Fact]
    public void RemoveDocuments_SomeIds_RewritesOnlyAffectedShardsAndKeepsOthersIntact()
    {
        using var dir = new TempDir();
        var docs = TestData.Documents(500);
        var before = Build(dir.Path, docs, new ShardsOptions { ShardTokens = 4096, ValidationFraction = 0.2 }, new Dictionary<string, double> { ["b.example"] = 2.0 });
        var index0 = TokenIndex.Load(dir.Path);
        var victims = index0.Entries.Where(e => e.Shard == "train_000001.bin").Select(e => e.DocId).Take(3)
            .Concat(index0.Entries.Where(e => e.Split == "val").Select(e => e.DocId).Take(1)).Distinct().ToList();
        var result = ShardSetRewriter.RemoveDocuments(dir.Path, victims);
        Assert.Equal(victims.Count, result.DocumentsRemoved);
        var after = ShardSetManifest.Load(dir.Path);
        var index1 = TokenIndex.Load(dir.Path);
        Assert.DoesNotContain(index1.Entries, e => victims.Contains(e.DocId));
        Assert.Equal(index0.Entries.Count - result.PlacementsRemoved, index1.Entries.Count);
        Assert.Contains("train_000001.bin", result.ShardsRewritten);
        Assert.Contains("val_000000.bin", result.ShardsRewritten);
        foreach (var s in before.Shards.Where(s => !result.ShardsRewritten.Contains(s.File)))
            Assert.Equal(s.Sha256, after.Shards.Single(x => x.File == s.File).Sha256);
        Assert.Equal(before.Documents - victims.Count, after.Documents);
        Assert.Equal(before.TrainTokens + before.ValTokens - result.TokensRemoved, after.TrainTokens + after.ValTokens);
        var byId = docs.ToDictionary(d => d.Id);
        foreach (var s in after.Shards)
        {
            using var r = ShardReader.Open(Path.Combine(dir.Path, s.File));
            Assert.Equal(s.Tokens, r.TokenCount);
            foreach (var row in index1.Entries.Where(e => e.Shard == s.File))
                Assert.Equal(byId[row.DocId].Text, TestData.Small.Decode(r.ReadWindow(row.TokenStart, (int)row.TokenCount - 1)));
        }
        Assert.Equal(0, ShardSetRewriter.RemoveDocuments(dir.Path, ["not-there"]).DocumentsRemoved);
    }

    [Fact]
    public async Task Sinks_TrainBpeThenShards_ProduceTokenizerAndShardArtifacts()
    {
        using var dir = new TempDir();
        var docs = TestData.Documents(300);
        var trainer = new TrainBpeSink(new TrainBpeOptions { VocabSize = 300, SampleChars = 1 << 20, Output = "tok/t.tiktoken" });
        var ctx = StepContext.ForTool("bpe", dir.Path);
        await trainer.OpenAsync(ctx, default);
        foreach (var d in docs) await trainer.WriteAsync(d, ctx, default);
        var tokArt = Assert.Single(await trainer.CompleteAsync(ctx, default));
        Assert.Equal("tokenizer", tokArt.Kind);
        Assert.Equal("300", tokArt.Get("vocab_size"));
        Assert.Equal("299", tokArt.Get("eot_id"));
        Assert.True(File.Exists(tokArt.Path));

        var inputs = new Dictionary<string, IReadOnlyList<Artifact>> { ["bpe"] = [tokArt] };
        var sink = new ShardsSink(new ShardsOptions { Output = "shards", ShardTokens = 2048 });
        var sctx = StepContext.ForTool("shards", dir.Path, inputs: inputs);
        await sink.OpenAsync(sctx, default);
        foreach (var d in docs) await sink.WriteAsync(d, sctx, default);
        var art = Assert.Single(await sink.CompleteAsync(sctx, default));
        Assert.Equal("shards", art.Kind);
        var m = ShardSetManifest.Load(art.Path);
        Assert.Equal(tokArt.Path, m.Tokenizer.Path);
        Assert.Equal(tokArt.Get("sha256"), m.Tokenizer.Sha256);
        Assert.Equal(299, m.Tokenizer.EotId);
        Assert.Equal(300, m.Documents);
        Assert.Equal(m.TrainTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), art.Get("train_tokens"));
        var tk = TokenizerFile.Load(m.Tokenizer.Path!);
        var row = TokenIndex.Load(art.Path).Entries[0];
        using var r = ShardReader.Open(Path.Combine(art.Path, row.Shard));
        Assert.Equal(docs.Single(d => d.Id == row.DocId).Text, tk.Decode(r.ReadWindow(row.TokenStart, (int)row.TokenCount - 1)));
    }

    [Fact]
    public async Task Shards_NoTokenizerAnywhere_FailsWithHowToFix()
    {
        using var dir = new TempDir();
        var sink = new ShardsSink(new ShardsOptions());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await sink.OpenAsync(StepContext.ForTool("s", dir.Path), default));
        Assert.Contains("tokens.train_bpe", e.Message);
    }

    [PythonNumpyFact]
    public void PythonPeer_ReadsShardsWithSameTokenCounts()
    {
        using var dir = new TempDir();
        var m = Build(dir.Path, TestData.Documents(400), new ShardsOptions { ShardTokens = 3000, ValidationFraction = 0.2, MaxDomains = 2 });
        using var json = PythonPeer.Read("--eot", m.Tokenizer.EotId.ToString(System.Globalization.CultureInfo.InvariantCulture), dir.Path);
        var files = json.RootElement.GetProperty("files");
        var eots = json.RootElement.GetProperty("eot_tokens");
        Assert.Equal(m.Shards.Count, files.EnumerateObject().Count());
        foreach (var s in m.Shards)
        {
            Assert.Equal(s.Tokens, files.GetProperty(s.File).GetInt64());
            Assert.Equal(s.Documents, eots.GetProperty(s.File).GetInt64());
        }
        Assert.Equal(m.Shards.Sum(s => s.Tokens), json.RootElement.GetProperty("total_tokens").GetInt64());
    }
}
