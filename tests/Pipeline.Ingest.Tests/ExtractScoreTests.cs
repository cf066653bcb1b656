using Pipeline.Ingest.Html;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Ingest.Tests;

public sealed class ExtractScoreTests
{
    [Fact]
    public void Page_IdenticalText_PerfectScore()
    {
        var (p, r) = ExtractionScore.Page("The quick brown fox jumps over the lazy dog", "the QUICK brown fox, jumps over the lazy dog!");
        Assert.Equal(1.0, p);
        Assert.Equal(1.0, r);
    }

    [Fact]
    public void Page_ExtraBoilerplate_LowersPrecisionOnly()
    {
        // 9 tokens → 6 shingles expected; prediction adds 4 tokens → 10 shingles, 6 shared.
        var (p, r) = ExtractionScore.Page("menu home news about the quick brown fox jumps over the lazy dog", "the quick brown fox jumps over the lazy dog");
        Assert.Equal(0.6, p, 6);
        Assert.Equal(1.0, r);
    }

    [Fact]
    public void Page_EmptyPrediction_ZeroScores()
    {
        Assert.Equal((0.0, 0.0), ExtractionScore.Page("", "some expected text here"));
        Assert.Equal(0.5, ExtractionScore.F1(0.5, 0.5), 9);
    }

    /// <summary>Achieved on the dev set: P 0.970, R 0.950, F1 0.960 (see bench/results/extract-eval.jsonl); asserted with a small margin.</summary>
    [SharedDataFact("extraction-dev/pages")]
    public void Run_DevSet_F1AtLeastAchievedMinusMargin()
    {
        var result = ExtractionEval.Run(SharedData.PathOf("extraction-dev/pages"), Environment.ProcessorCount);
        Assert.True(result.F1 >= 0.95, $"extraction F1 {result.F1:F4} (P {result.Precision:F4}, R {result.Recall:F4}) fell below 0.95");
        Assert.True(result.Precision >= 0.95 && result.Recall >= 0.93, $"P {result.Precision:F4} R {result.Recall:F4}");
    }
}
