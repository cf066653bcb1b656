using Pipeline.Core.Running;
using Pipeline.Core.Steps;

namespace Pipeline.Cli.Tests;

public sealed class StatsTableTests
{
    private static RunResult Result()
    {
        var pii = new StepStats("pii_redaction_step", "filters.pii");
        pii.AddIn(1211);
        pii.AddOut(1211);
        pii.AddModified(44);
        pii.AddCpu(TimeSpan.FromSeconds(0.25));
        pii.WallTime = TimeSpan.FromSeconds(10.5);
        var quality = new StepStats("quality", "filters.gopher_quality");
        quality.AddIn(1353);
        quality.AddOut(1296);
        quality.AddDropped("gopher_quality:symbol_word_ratio", 57);
        return new RunResult(RunStatus.Completed, [pii, quality], new Dictionary<string, IReadOnlyList<Artifact>>(), TimeSpan.FromSeconds(11), null, null);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(0)]
    public void Print_RedactingStep_ShowsModifiedCountAndFitsANarrowTerminal(int width)
    {
        var w = new StringWriter();
        StatsTable.Print(w, Result(), width);
        var lines = w.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("modified", lines[0], StringComparison.Ordinal);
        int col = lines[0].IndexOf("modified", StringComparison.Ordinal) + "modified".Length;
        var pii = lines.Single(l => l.StartsWith("pii_", StringComparison.Ordinal));
        Assert.Equal("44", pii[..col].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Contains("dropped gopher_quality:symbol_word_ratio: 57", w.ToString(), StringComparison.Ordinal);
        if (width > 0) Assert.All(lines, l => Assert.True(l.Length < width, $"{l.Length}: {l}"));
        else Assert.Contains("filters.pii", pii, StringComparison.Ordinal);
    }
}
