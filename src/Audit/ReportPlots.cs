using ScottPlot;

namespace Pipeline.Audit;

/// <summary>The report's PNG plots (ScottPlot), as bytes.</summary>
internal static class ReportPlots
{
    public const int Width = 900;
    public const int Height = 380;

    /// <summary>Bars with more labels than this get slanted labels (they would overlap side by side).</summary>
    public const int SlantLabelsAbove = 8;

    public static byte[] LossCurve(IReadOnlyList<TrainStepMetric> steps, IReadOnlyList<(long Step, double ValLoss)> evals, IReadOnlyList<Spike> spikes,
        IReadOnlyList<(long From, long To)>? plateaus = null) =>
        LossCurvePlot(steps, evals, spikes, plateaus).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The loss plot before rendering (tests map data coordinates to pixels with it).</summary>
    internal static Plot LossCurvePlot(IReadOnlyList<TrainStepMetric> steps, IReadOnlyList<(long Step, double ValLoss)> evals, IReadOnlyList<Spike> spikes,
        IReadOnlyList<(long From, long To)>? plateaus = null)
    {
        var plt = new Plot();
        foreach (var (i, (from, to)) in (plateaus ?? []).Index())
        {
            var span = plt.Add.HorizontalSpan(from, to);
            span.FillStyle.Color = Colors.Gray.WithAlpha(0.18);
            span.LineStyle.Width = 0;
            if (i == 0) span.LegendText = "plateau";
        }
        var finite = steps.Where(s => double.IsFinite(s.Loss)).ToList();
        if (finite.Count > 0)
        {
            var train = plt.Add.Scatter(finite.Select(s => (double)s.Step).ToArray(), finite.Select(s => s.Loss).ToArray());
            train.LegendText = "train loss";
            train.MarkerSize = 0;
            train.LineWidth = 1.5f;
        }
        var ev = evals.Where(e => double.IsFinite(e.ValLoss)).ToList();
        if (ev.Count > 0)
        {
            var val = plt.Add.Scatter(ev.Select(e => (double)e.Step).ToArray(), ev.Select(e => e.ValLoss).ToArray());
            val.LegendText = "validation loss";
            val.MarkerSize = 6;
            val.LineWidth = 1.5f;
        }
        var lossSpikes = spikes.Where(s => s.Metric == "loss").ToList();
        if (lossSpikes.Count > 0)
        {
            var marks = plt.Add.Scatter(lossSpikes.Select(s => (double)s.Step).ToArray(), lossSpikes.Select(s => s.Value).ToArray());
            marks.LineWidth = 0;
            marks.MarkerSize = 12;
            marks.MarkerShape = MarkerShape.OpenCircle;
            marks.Color = Colors.Red;
            marks.LegendText = "spike";
            foreach (var s in lossSpikes)
            {
                var line = plt.Add.VerticalLine(s.Step);
                line.Color = Colors.Red.WithAlpha(0.35);
                line.LineWidth = 1;
            }
        }
        var gradSpikes = spikes.Where(s => s.Metric != "loss").ToList();
        foreach (var (i, s) in gradSpikes.Index())
        {
            var line = plt.Add.VerticalLine(s.Step);
            line.Color = Colors.DarkOrange.WithAlpha(0.6);
            line.LineWidth = 1;
            line.LinePattern = LinePattern.Dashed;
            if (i == 0) line.LegendText = $"{s.Metric.Replace('_', ' ')} spike";
        }
        plt.Title("Training loss");
        plt.XLabel("step");
        plt.YLabel("loss (nats/token)");
        // outside the data area, so it never covers the end of the curve or the last validation point
        plt.ShowLegend(Edge.Bottom);
        return plt;
    }

    public static byte[] Bars(string title, string yLabel, IReadOnlyList<(string Label, double Value)> items, double? reference = null, string? referenceLabel = null)
    {
        var plt = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < items.Count; i++)
            bars.Add(new Bar { Position = i, Value = double.IsFinite(items[i].Value) ? items[i].Value : 0, FillColor = Palette(i) });
        plt.Add.Bars(bars);
        var ticks = items.Select((it, i) => new Tick(i, Short(it.Label))).ToArray();
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
        if (items.Count > SlantLabelsAbove)
        {
            plt.Axes.Bottom.TickLabelStyle.Rotation = 40;
            plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plt.Axes.Bottom.MinimumSize = 110;
        }
        if (reference is double r)
        {
            var line = plt.Add.HorizontalLine(r);
            line.Color = Colors.Red;
            line.LinePattern = LinePattern.Dashed;
            if (referenceLabel is not null) line.LegendText = referenceLabel;
            plt.ShowLegend(Edge.Bottom);
        }
        plt.Axes.Margins(bottom: 0);
        plt.Title(title);
        plt.YLabel(yLabel);
        return plt.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static string Short(string s) => s.Length <= 18 ? s : s[..16] + "…";

    private static Color Palette(int i) => new ScottPlot.Palettes.Category10().GetColor(i);
}
