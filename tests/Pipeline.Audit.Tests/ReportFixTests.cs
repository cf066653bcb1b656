using SkiaSharp;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed class ReportFixTests
{
    [Fact]
    public void LossCurve_LegendOutsideData_LastValidationPointVisible()
    {
        // a falling curve that ends in the lower right, where a legend inside the data area used to sit
        var steps = Enumerable.Range(1, 200).Select(i => new TrainStepMetric(i, 5.0 - 4.0 * i / 200, 1e-3, 1.0, 1000, [])).ToList();
        var evals = Enumerable.Range(1, 10).Select(i => ((long)(i * 20), 5.2 - 4.0 * i / 10)).ToList();
        var plot = ReportPlots.LossCurvePlot(steps, evals, []);
        using var bmp = SKBitmap.Decode(plot.GetImageBytes(ReportPlots.Width, ReportPlots.Height, ScottPlot.ImageFormat.Png));

        // the last validation point (step 200) is drawn: its marker's colour is found at its pixel
        var (last, lastLoss) = evals[^1];
        var at = plot.GetPixel(new ScottPlot.Coordinates(last, lastLoss));
        bool seen = false;
        for (int dy = -3; dy <= 3; dy++)
            for (int dx = -3; dx <= 3; dx++)
                seen |= IsValidationOrange(bmp.GetPixel((int)at.X + dx, (int)at.Y + dy));
        Assert.True(seen, $"no validation marker at ({at.X:F0}, {at.Y:F0}): something covers the end of the curve");
    }

    private static bool IsValidationOrange(SKColor c) => c.Red > 220 && c.Green is > 100 and < 160 && c.Blue < 60;

    [Fact]
    public void Summary_GradNormSpikesOnly_CardCountsThem()
    {
        var data = new ReportData
        {
            Title = "t",
            Results = new Dictionary<string, double> { ["spikes"] = 0, ["grad_norm_spikes"] = 3 },
        };
        var (html, md) = ReportBuilder.Build(data);
        Assert.Contains("<b>0 / 3</b><span>spikes (loss / grad norm)</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("loss spikes", html, StringComparison.Ordinal);
        Assert.Contains("**spikes (loss / grad norm)**: 0 / 3", md, StringComparison.Ordinal);
    }

    [Fact]
    public void MixtureRecommender_SmallDomainFarUnderServed_StaysInsideClampAfterNormalising()
    {
        // raw weights 3.9 (tiny, high loss) and ~0.6 for the rest: normalising by the token-weighted mean used to push
        // the tiny domain to about 6 after the clamp to 4 had been applied
        var loss = new Dictionary<string, double> { ["tiny"] = 3.0, ["a"] = 1.0, ["b"] = 1.0, ["c"] = 1.0 };
        var tokens = new Dictionary<string, long> { ["tiny"] = 30, ["a"] = 3_000, ["b"] = 3_000, ["c"] = 3_000 };
        var rows = MixtureRecommender.Recommend(loss, tokens);

        Assert.All(rows, r => Assert.InRange(r.NextWeight, MixtureRecommender.MinWeight, MixtureRecommender.MaxWeight));
        Assert.Equal(MixtureRecommender.MaxWeight, rows.Single(r => r.Domain == "tiny").NextWeight, 4);
        Assert.Equal(1.0, rows.Sum(r => r.TokenShare * r.NextWeight), 3);
    }

    [Fact]
    public void MixtureRecommender_FewHeldOutTokens_KeepsWeightWithWarning()
    {
        var loss = new Dictionary<string, double> { ["thin"] = 3.0, ["a"] = 1.0, ["b"] = 1.5 };
        var tokens = new Dictionary<string, long> { ["thin"] = 100, ["a"] = 1_000, ["b"] = 1_000 };
        var heldOut = new Dictionary<string, long> { ["thin"] = 300, ["a"] = 50_000, ["b"] = 50_000 };
        var rows = MixtureRecommender.Recommend(loss, tokens, null, heldOut);

        var thin = rows.Single(r => r.Domain == "thin");
        Assert.Equal(1.0, thin.NextWeight, 6);
        Assert.Contains("300 held-out tokens", thin.Warning, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.Domain != "thin"), r => Assert.Null(r.Warning));
        Assert.True(rows.Single(r => r.Domain == "b").NextWeight > rows.Single(r => r.Domain == "a").NextWeight);

        var (html, _) = ReportBuilder.Build(new ReportData { Title = "t", Mixture = rows });
        Assert.Contains("class=\"warn\"", html, StringComparison.Ordinal);
        Assert.Contains("Too little held-out evidence for 1 of 3 domain(s) (thin)", html, StringComparison.Ordinal);
    }
}
