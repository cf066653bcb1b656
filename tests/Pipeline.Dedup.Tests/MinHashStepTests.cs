using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class MinHashStepTests
{
    private const string Base = "the committee met on tuesday to discuss the budget for the coming year and agreed that the " +
        "new library should open in the spring after the builders finish the roof and the shelves are installed by the volunteers " +
        "who have worked every weekend since the old building closed because of the flood that damaged most of the collection";

    [Fact]
    public async Task Process_NearDuplicate_DroppedWithKeptIdSimilarityAndMetadata()
    {
        using var dir = new TempDir();
        var docs = new[]
        {
            Steps.Doc("orig", Base),
            Steps.Doc("other", "a completely different text about gardening tomatoes peppers and beans in raised beds with compost and mulch every summer"),
            Steps.Doc("near", Base.Replace("tuesday", "Wednesday,") + " 2024"),
        };
        var step = new MinHashStep(new MinHashOptions { Threads = 1 });
        var (outs, artifacts) = await Steps.RunAsync(step, docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Kept, OutcomeAction.Dropped], outs.Select(o => o.Action));
        Assert.Equal("dedup_minhash:near_duplicate", outs[2].Reason);
        Assert.StartsWith("duplicate_of=orig similarity=0.", outs[2].Details);
        Assert.Equal("orig", outs[2].Document.Meta.GetString("duplicate_of"));
        double sim = outs[2].Document.Meta.GetDouble("duplicate_similarity")!.Value;
        Assert.InRange(sim, 0.8, 1.0);

        var art = Assert.Single(artifacts);
        Assert.Equal("dedup_clusters", art.Kind);
        var rows = await ClusterTable.ReadAsync(art.Path, CancellationToken.None);
        Assert.Equal([("orig", "orig", "orig", 1.0, ""), ("orig", "orig", "near", sim, "orig")], rows);
        Assert.Equal("1", art.Get("duplicates"));
        Assert.True(double.Parse(art.Get("index_bytes_per_document")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Process_EmptyDocuments_KeptAndNotIndexed()
    {
        using var dir = new TempDir();
        var docs = new[] { Steps.Doc("a", ""), Steps.Doc("b", " ... "), Steps.Doc("c", "") };
        var (outs, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path));
        Assert.All(outs, o => Assert.Equal(OutcomeAction.Kept, o.Action));
    }

    [Fact]
    public async Task Process_ThreadsAndBatchSizes_IdenticalSurvivors()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(1000, seed: 5);
        var (a, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { Threads = 1 }), docs, Steps.Context(dir.Path), batchSize: 13);
        var (b, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { Threads = 4 }), docs, Steps.Context(dir.Path), batchSize: 1000);
        Assert.Equal(a.Select(o => (o.Action, o.Details)), b.Select(o => (o.Action, o.Details)));
        Assert.True(a.Count(o => o.Action == OutcomeAction.Dropped) > 200);
    }

    [Fact]
    public async Task Process_VerifyExact_SimilarityIsExactJaccard()
    {
        using var dir = new TempDir();
        var docs = new[] { Steps.Doc("orig", Base), Steps.Doc("near", Base.Replace("tuesday", "friday")) };
        var (outs, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { Verify = "exact", Threshold = 0.7 }), docs, Steps.Context(dir.Path));
        ulong[] w = new ulong[8], s = new ulong[8];
        int n1 = Shingler.Shingles(docs[0].Text, 5, ref w, ref s);
        var s1 = Shingler.ShingleSet(s.AsSpan(0, n1));
        var f1 = Shingler.Fingerprints(s.AsSpan(0, n1));
        int n2 = Shingler.Shingles(docs[1].Text, 5, ref w, ref s);
        var s2 = Shingler.ShingleSet(s.AsSpan(0, n2));
        var f2 = Shingler.Fingerprints(s.AsSpan(0, n2));
        Assert.Equal(OutcomeAction.Dropped, outs[1].Action);
        double sim = outs[1].Document.Meta.GetDouble("duplicate_similarity")!.Value;
        Assert.Equal(Math.Round(FingerprintCodec.Jaccard(f1, FingerprintCodec.Encode(f2)), 4), sim);
        Assert.Equal(Math.Round(Shingler.Jaccard(s1, s2), 4), sim); // no fingerprint collision in 40 shingles here
        Assert.InRange(sim, 0.7, 0.95);
    }

    [Fact]
    public void Resolve_ThresholdWithoutBands_ChoosesOptimal_DefaultIs18x6Exact()
    {
        var d = new MinHashOptions().Resolve();
        Assert.Equal((18, 6, 0.8, true), (d.Bands, d.Rows, d.Threshold, d.VerifyExact));
        Assert.Equal((18, 6), (new MinHashOptions { Threshold = 0.8 }.Resolve() is var x ? (x.Bands, x.Rows) : default));
        Assert.False(new MinHashOptions { Verify = "estimate" }.Resolve().VerifyExact);
        var t = new MinHashOptions { Threshold = 0.7 }.Resolve();
        Assert.Equal(LshParameters.Optimal(0.7, 112), (t.Bands, t.Rows));
        var e = new MinHashOptions { Bands = 20, Rows = 5 }.Resolve();
        Assert.Equal((20, 5), (e.Bands, e.Rows));
        Assert.Contains(new MinHashOptions { Bands = 20 }.Validate(), x => x.Key == "rows");
    }
}
