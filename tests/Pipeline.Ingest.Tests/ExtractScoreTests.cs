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

    /// <summary>Achieved on the dev set: P 0.974, R 0.952, F1 0.963 (see bench/results/extract-eval.jsonl; captions, which its expected text keeps, are dropped since issue 16); asserted with a small margin.</summary>
    [SharedDataFact("extraction-dev/pages")]
    public void Run_DevSet_F1AtLeastAchievedMinusMargin()
    {
        var result = ExtractionEval.Run(SharedData.PathOf("extraction-dev/pages"), Environment.ProcessorCount);
        Assert.True(result.F1 >= 0.95, $"extraction F1 {result.F1:F4} (P {result.Precision:F4}, R {result.Recall:F4}) fell below 0.95");
        Assert.True(result.Precision >= 0.95 && result.Recall >= 0.93, $"P {result.Precision:F4} R {result.Recall:F4}");
    }

    [Fact]
    public void SnippetEval_OnePage_CountsSnippetsWithCollapsedWhitespace()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("pages"));
        const string html = """
            <html><head><meta charset="windows-1252"></head><body><nav><a href="/">Impressum</a> <a href="/k">Kontakt</a></nav>
            <article><h1>Straßen im Winter</h1><p>Die Straßen werden im Winter
            früh geräumt, damit alle sicher ankommen, und das seit vielen Jahren in jeder Gemeinde des Landes.</p>
            <p>Streusalz ist teuer, aber die Gemeinden kaufen es im Sommer, wenn es billig ist, und lagern es in großen Hallen.</p></article>
            <footer>Impressum | Datenschutz</footer></body></html>
            """;
        using (var gz = new System.IO.Compression.GZipStream(File.Create(dir.File("pages/a.html.gz")), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(html));
        File.WriteAllText(dir.File("evaldata.json"), """
            {"https://a.example/": {"file": "a.html", "with": ["werden im Winter früh geräumt", "in großen Hallen", "nicht im Text"], "without": ["Impressum", "Datenschutz"]}}
            """);

        var r = SnippetEval.Run(dir.Path);

        Assert.Equal((1, 2, 1, 0, 2), (r.Pages, r.TruePositives, r.FalseNegatives, r.FalsePositives, r.TrueNegatives));
        Assert.Equal(1.0, r.Precision, 9);
        Assert.Equal(2.0 / 3, r.Recall, 9);
        Assert.Equal(0.8, r.Accuracy, 9);
    }

    /// <summary>On trafilatura's evaluation pages: P 0.886, R 0.897, F1 0.8915 before issue 16, P 0.907, R 0.912, F1 0.910 after; asserted with a small margin.</summary>
    [SharedDataFact("extraction-dev/trafilatura-eval/evaldata.json")]
    public void SnippetEval_TrafilaturaDevSet_F1AtLeastAchievedMinusMargin()
    {
        var r = SnippetEval.Run(SharedData.PathOf("extraction-dev/trafilatura-eval"), Environment.ProcessorCount);
        Assert.Equal(990, r.Pages);
        Assert.True(r.F1 >= 0.90, $"snippet F1 {r.F1:F4} (P {r.Precision:F4}, R {r.Recall:F4}) fell below 0.90");
    }
}
