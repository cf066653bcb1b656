using System.Text.Json.Nodes;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed class StabilityTests
{
    private static StepContext Context(SyntheticRun run, Pipeline.Core.Ledger.ILedger? ledger = null) =>
        StepContext.ForTool("stability", run.OutputDir, ledger, new Dictionary<string, IReadOnlyList<Artifact>>
        {
            ["model"] = [new Artifact("metrics", run.MetricsPath)],
            ["shards"] = [new Artifact("shards", run.ShardsDir)],
        }, new Provenance.LedgerReader(run.LedgerPath));

    [Fact]
    public async Task StabilityStep_PlantedGarbageBatch_SpikeNamesGarbageSource()
    {
        using var tmp = new TempDir();
        var run = await SyntheticRun.CreateAsync(tmp.Path, plantGarbage: true);
        Assert.True(run.GarbageStep > 20, $"garbage lands at step {run.GarbageStep}");

        var artifacts = await new StabilityStep(new StabilityOptions()).RunAsync(Context(run), CancellationToken.None);

        var details = AuditResults.ReadStep(artifacts[0].Path)["details"]!.AsObject();
        var lossSpikes = details["spikes"]!.AsArray().Where(s => (string)s!["metric"]! == "loss").ToList();
        var planted = Assert.Single(lossSpikes, s => (long)s!["step"]! == run.GarbageStep);
        Assert.Equal(SyntheticRun.GarbageSource, (string)planted!["top_source"]!);
        Assert.Equal("junk.example", (string)planted["top_domain"]!);
        Assert.Equal("unknown", (string)planted["licences"]![0]!["name"]!);
        var docIds = planted["documents"]!.AsArray().Select(d => (string)d!["doc_id"]!).ToHashSet();
        Assert.Contains(run.GarbageIds[0], docIds);
        var results = AuditResults.Read(run.OutputDir);
        Assert.True(results["spikes"] >= 1);
        Assert.Equal(0, results["diverged"]);
    }

    [Fact]
    public async Task StabilityStep_CleanData_NoLossSpikes()
    {
        using var tmp = new TempDir();
        var run = await SyntheticRun.CreateAsync(tmp.Path, plantGarbage: false);
        await new StabilityStep(new StabilityOptions()).RunAsync(Context(run), CancellationToken.None);
        var results = AuditResults.Read(run.OutputDir);
        Assert.Equal(0, results["spikes"]);
        Assert.Equal(0, results["lr_schedule_violations"]);
        Assert.Equal(run.Steps, results["train_steps"]);
    }

    [Fact]
    public async Task StabilityStep_LedgerStillOpenForWriting_TracesSources()
    {
        using var tmp = new TempDir();
        var run = await SyntheticRun.CreateAsync(tmp.Path, plantGarbage: true);
        await using var ledger = new Provenance.DuckDbLedger(run.LedgerPath, new Provenance.LedgerOptions { Mappings = AuditModule.LedgerMappings() });
        await ledger.StartRunAsync(new Core.Ledger.LedgerRun("second", "synthetic", "{}", "h2", "t", 0, 1, DateTimeOffset.UtcNow), CancellationToken.None);

        var artifacts = await new StabilityStep(new StabilityOptions()).RunAsync(Context(run, ledger), CancellationToken.None);

        var spikes = AuditResults.ReadStep(artifacts[0].Path)["details"]!["spikes"]!.AsArray();
        Assert.Contains(spikes, s => (string)s!["top_source"]! == SyntheticRun.GarbageSource);
        await ledger.CompleteRunAsync("completed", CancellationToken.None);
    }

    private static List<TrainStepMetric> Curve(Func<int, double> loss, int n = 200, Func<int, double>? lr = null) =>
        Enumerable.Range(0, n).Select(i => new TrainStepMetric(i, loss(i), lr?.Invoke(i) ?? 1e-3, 1.0, 1000, [])).ToList();

    [Fact]
    public void Analyze_NaNLoss_Diverged()
    {
        var steps = Curve(i => i == 150 ? double.NaN : 3.0 - i * 0.001);
        var r = StabilityAnalyzer.Analyze(steps, new StabilitySettings());
        Assert.True(r.Diverged);
        Assert.Equal(150, r.DivergenceStep);
    }

    [Fact]
    public void Analyze_LossRisingAtEnd_Diverged()
    {
        var steps = Curve(i => i < 100 ? 4.0 - i * 0.02 : 2.0 + (i - 100) * 0.03);
        var r = StabilityAnalyzer.Analyze(steps, new StabilitySettings());
        Assert.True(r.Diverged);
        Assert.InRange(r.DivergenceStep!.Value, 100, 199);
    }

    [Fact]
    public void Analyze_FlatSecondHalf_PlateauAtEnd()
    {
        var steps = Curve(i => i < 100 ? 4.0 - i * 0.02 : 2.0);
        var r = StabilityAnalyzer.Analyze(steps, new StabilitySettings());
        Assert.False(r.Diverged);
        Assert.True(r.EndsOnPlateau);
        Assert.Single(r.Plateaus);
        Assert.InRange(r.Plateaus[0].From, 90, 150);
    }

    [Fact]
    public void Analyze_SingleJump_OneSpikeWithZ()
    {
        var steps = Curve(i => i == 120 ? 9.0 : 3.0 + 0.05 * Math.Sin(i));
        var r = StabilityAnalyzer.Analyze(steps, new StabilitySettings { ZThreshold = 4 });
        var s = Assert.Single(r.LossSpikes);
        Assert.Equal(120, s.Step);
        Assert.True(s.Z > 20);
    }

    [Fact]
    public void Analyze_LrRisesAfterWarmup_ScheduleViolation()
    {
        var steps = Curve(i => 3.0 - i * 0.001, lr: i => i < 10 ? 1e-4 * (i + 1) : i == 100 ? 2e-3 : 1e-3 - i * 1e-6);
        var r = StabilityAnalyzer.Analyze(steps, new StabilitySettings { WarmupSteps = 10 });
        Assert.NotEmpty(r.ScheduleViolations);
    }

    [Fact]
    public void Analyze_WarmupThenCosine_NoViolation()
    {
        var steps = Curve(i => 3.0 - i * 0.001, lr: i => i < 10 ? 1e-4 * (i + 1) : 1e-3 * 0.5 * (1 + Math.Cos(Math.PI * (i - 10) / 190)));
        var r = StabilityAnalyzer.Analyze(steps, new StabilitySettings { WarmupSteps = 10, PeakLearningRate = 1e-3 });
        Assert.Empty(r.ScheduleViolations);
        Assert.Equal(9, r.LearningRatePeakStep);
    }

    [Fact]
    public void Load_BadLine_NamesFileAndLine()
    {
        using var tmp = new TempDir();
        var p = tmp.File("metrics.jsonl");
        File.WriteAllText(p, "{\"step\":0,\"loss\":3.0}\n{not json\n");
        var ex = Assert.Throws<AuditInputException>(() => TrainMetrics.Load(p));
        Assert.Contains("metrics.jsonl:2", ex.Message, StringComparison.Ordinal);
    }
}
