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
        var (b, r) = LshParameters.Optimal(0.8, 112, 0.05, 0.95);
        Assert.Equal((14, 8), (b, r));
        Assert.True(LshParameters.Collision(0.9, b, r) > 0.95, $"{b}x{r}");
        Assert.True(LshParameters.Collision(0.5, b, r) < 0.1, $"{b}x{r}");
        var (b2, r2) = LshParameters.Optimal(0.5, 112, 0.05, 0.95);
        Assert.True(Math.Pow(1.0 / b2, 1.0 / r2) < Math.Pow(1.0 / b, 1.0 / r), "a lower threshold moves the S-curve left");
    }

    [Fact]
    public void Optimal_DefaultWeightsThreshold08_18x6FindsOver99PercentAtThreshold()
    {
        var (b, r) = LshParameters.Optimal(0.8, 112);
        Assert.Equal((18, 6), (b, r));
        Assert.True(LshParameters.Collision(0.8, b, r) > 0.99);
    }

    [Fact]
    public void Fingerprints_SortedMultiset_JaccardCloseToExactShingleJaccard()
    {
        var docs = NearDupCorpus.Generate(400, seed: 31, nearRate: 0.6, exactRate: 0, minWords: 1500, maxWords: 3000);
        ulong[] w = new ulong[8], s = new ulong[8];
        int compared = 0;
        foreach (var g in docs.GroupBy(d => d.Meta.GetString("synthetic_cluster")).Where(g => g.Count() > 1))
        {
            var pair = g.Take(2).Select(d =>
            {
                int n = Shingler.Shingles(d.Text, 5, ref w, ref s);
                return (Set: Shingler.ShingleSet(s.AsSpan(0, n)), Fp: Shingler.Fingerprints(s.AsSpan(0, n)));
            }).ToArray();
            Assert.Equal(pair[0].Set.Length, pair[0].Fp.Length);
            Assert.True(pair[0].Fp.AsSpan().SequenceCompareTo(pair[0].Fp.Order().ToArray()) == 0);
            double exact = Shingler.Jaccard(pair[0].Set, pair[1].Set), fp = Shingler.Jaccard(pair[0].Fp, pair[1].Fp);
            Assert.InRange(fp - exact, 0, 0.003);
            Assert.Equal(fp, FingerprintCodec.Jaccard(pair[0].Fp, FingerprintCodec.Encode(pair[1].Fp)));
            Assert.Equal(fp, FingerprintCodec.Jaccard(pair[1].Fp, FingerprintCodec.Encode(pair[0].Fp)));
            compared++;
        }
        Assert.True(compared > 50);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(200)]
    [InlineData(5000)]
    [InlineData(300000)]
    public void FingerprintCodec_RandomSortedMultisets_RoundTripAndJaccardMatchesDecoded(int n)
    {
        var rng = new Random(n + 1);
        uint max = 1u << FingerprintCodec.Bits;
        var a = Enumerable.Range(0, n).Select(_ => (uint)rng.NextInt64(max)).Order().ToArray();
        if (n == 1) a[0] = max - 1; // largest value, one long gap
        var b = a.Where(_ => rng.Next(10) > 0).Concat(Enumerable.Range(0, n / 10).Select(_ => (uint)rng.NextInt64(max))).Order().ToArray();
        var ea = FingerprintCodec.Encode(a);
        Assert.Equal(a, FingerprintCodec.Decode(ea));
        Assert.Equal(b, FingerprintCodec.Decode(FingerprintCodec.Encode(b)));
        Assert.Equal(Shingler.Jaccard(b, a), FingerprintCodec.Jaccard(b, ea));
        Assert.Equal(Shingler.Jaccard(a, b), FingerprintCodec.Jaccard(a, FingerprintCodec.Encode(b)));
        if (n >= 200) Assert.True(ea.Length < n * 1.75, $"{ea.Length} bytes for {n} values"); // vs 2-4 bytes raw
    }

    [Fact]
    public void FingerprintStore_SmallAndHugeBlobs_ReadBackExactly()
    {
        var store = new FingerprintStore();
        var rng = new Random(3);
        byte[] Blob(int n) { var b = new byte[n]; rng.NextBytes(b); return b; }
        var blobs = new[] { Blob(10), Blob(0), Blob((1 << 20) + 5), Blob(700_000), Blob(700_000), Blob(1 << 20), Blob(3) };
        foreach (var b in blobs) store.Add(b);
        for (int i = 0; i < blobs.Length; i++) Assert.True(store[i].SequenceEqual(blobs[i]), $"blob {i}");
        Assert.True(store.Bytes >= blobs.Sum(b => (long)b.Length));
    }

    [Fact]
    public void Optimal_HeavierFalseNegativeWeight_RaisesRecallAtThreshold()
    {
        var (b1, r1) = LshParameters.Optimal(0.8, 112, 0.5, 0.5);
        var (b2, r2) = LshParameters.Optimal(0.8, 112, 0.1, 0.9);
        Assert.True(LshParameters.Collision(0.8, b2, r2) > LshParameters.Collision(0.8, b1, r1));
    }
}
