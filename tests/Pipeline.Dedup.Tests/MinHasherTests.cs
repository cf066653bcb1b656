using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class MinHasherTests
{
    private static (ushort[] Compact, uint[] Set) Sign(MinHasher h, string text)
    {
        ulong[] w = new ulong[8], s = new ulong[8];
        int n = Shingler.Shingles(text, 5, ref w, ref s);
        var sig = new uint[h.NumPerm];
        h.Signature(s.AsSpan(0, n), sig);
        var c = new ushort[h.NumPerm];
        MinHasher.Compact(sig, c);
        return (c, Shingler.ShingleSet(s.AsSpan(0, n)));
    }

    [Fact]
    public void EstimateJaccard_EditedDocuments_CloseToExact()
    {
        var docs = NearDupCorpus.Generate(400, seed: 3, nearRate: 0.5, exactRate: 0, editMin: 0.0, editMax: 0.1);
        var h = new MinHasher(32, 8); // 256 permutations: standard error below 0.032
        var byCluster = docs.GroupBy(d => d.Meta.GetString("synthetic_cluster")).Where(g => g.Count() > 1).Take(40).ToList();
        Assert.True(byCluster.Count >= 20);
        double worst = 0;
        foreach (var g in byCluster)
        {
            var a = Sign(h, g.First().Text);
            var b = Sign(h, g.Last().Text);
            double exact = Shingler.Jaccard(a.Set, b.Set), est = MinHasher.EstimateJaccard(a.Compact, b.Compact);
            worst = Math.Max(worst, Math.Abs(exact - est));
        }
        Assert.True(worst < 0.12, $"worst estimate error {worst}");
    }

    [Fact]
    public void Signature_SameTextAndSeed_Identical_OtherSeed_Differs()
    {
        const string text = "the quick brown fox jumps over the lazy dog and runs far away from here";
        Assert.Equal(Sign(new MinHasher(14, 8, 1), text).Compact, Sign(new MinHasher(14, 8, 1), text).Compact);
        Assert.NotEqual(Sign(new MinHasher(14, 8, 1), text).Compact, Sign(new MinHasher(14, 8, 2), text).Compact);
        var x = Sign(new MinHasher(14, 8), text).Compact;
        Assert.Equal(1.0, MinHasher.EstimateJaccard(x, x));
    }

    [Fact]
    public void Signature_UnrelatedTexts_LowEstimate()
    {
        var docs = NearDupCorpus.Generate(2, seed: 9, nearRate: 0, exactRate: 0);
        var h = new MinHasher(14, 8);
        Assert.True(MinHasher.EstimateJaccard(Sign(h, docs[0].Text).Compact, Sign(h, docs[1].Text).Compact) < 0.05);
    }

    [Fact]
    public void Optimal_Threshold08_SCurveCentredNearThreshold()
    {
        var (b, r) = LshParameters.Optimal(0.8, 112);
        Assert.True(b * r <= 112);
        Assert.True(LshParameters.Collision(0.9, b, r) > 0.95, $"{b}x{r}");
        Assert.True(LshParameters.Collision(0.5, b, r) < 0.1, $"{b}x{r}");
        var (b2, r2) = LshParameters.Optimal(0.5, 112);
        Assert.True(Math.Pow(1.0 / b2, 1.0 / r2) < Math.Pow(1.0 / b, 1.0 / r), "a lower threshold moves the S-curve left");
    }

    [Fact]
    public void Optimal_HeavierFalseNegativeWeight_RaisesRecallAtThreshold()
    {
        var (b1, r1) = LshParameters.Optimal(0.8, 112, 0.5, 0.5);
        var (b2, r2) = LshParameters.Optimal(0.8, 112, 0.1, 0.9);
        Assert.True(LshParameters.Collision(0.8, b2, r2) > LshParameters.Collision(0.8, b1, r1));
    }
}
