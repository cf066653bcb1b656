using Pipeline.Core.Documents;
using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class DedupEvaluationTests
{
    private static readonly string Body = string.Join(' ', Enumerable.Range(0, 120).Select(i => $"word{i % 97}x{i}"));

    private static Document Doc(string page, string variant, string text) =>
        new Document($"{page}/{variant}", text, new SourceRef(page, 0)).WithMeta("source_page", page).WithMeta("variant", variant);

    [Fact]
    public async Task DevSetAsync_VariantsFarApartAndPagesSharingABody_TruthsDisagreeAsExpected()
    {
        // page a: two identical variants and one that keeps only half the text (a different extractor's cut);
        // page b: the same body as page a (a fixture page), so exact-Jaccard truth joins it with a, same-page truth does not
        var half = string.Join(' ', Body.Split(' ').Take(60));
        var docs = new List<Document>
        {
            Doc("a", "expected", Body), Doc("a", "pipeline", Body), Doc("a", "readability", half),
            Doc("b", "expected", Body),
        };
        var (exact, samePage) = await DedupEvaluation.DevSetAsync(docs, new MinHashOptions(), CancellationToken.None);
        // exact truth: a/expected, a/pipeline, b/expected are pairwise identical (3 pairs), all found
        Assert.Equal(3, exact.TruthPairs);
        Assert.Equal(1.0, exact.F1, 6);
        Assert.Equal(2, exact.CrossSourcePairs); // b joined a's cluster: true by content, a cross-page pair
        // same-page truth: the 3 pairs of page a; the half-length variant (similarity < 0.5) is missed, the b removal is wrong
        Assert.Equal(3, samePage.TruthPairs);
        Assert.Equal(1.0 / 3, samePage.Recall, 6);
        Assert.Equal(0.5, samePage.Precision, 6);
        Assert.Equal(2, DedupEvaluation.PairsBelow(samePage, 0.8));
        Assert.Equal(3, exact.LargestCluster);
        Assert.Equal(1.0, exact.LargestClusterMinSimilarity, 6);
    }
}
