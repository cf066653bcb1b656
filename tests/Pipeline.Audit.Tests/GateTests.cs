using System.Text.Json.Nodes;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed class GateTests
{
    private static string Results(TempDir tmp)
    {
        AuditResults.WriteStep(tmp.Path, "run1", "ppl", "perplexity", new JsonObject(), new Dictionary<string, double>
        {
            ["perplexity.sotu"] = 93.1,
            ["probe_accuracy.shakespeare"] = 0.4,
        });
        AuditResults.WriteStep(tmp.Path, "run1", "stab", "stability", new JsonObject(), new Dictionary<string, double> { ["spikes"] = 2 });
        return tmp.Path;
    }

    [Fact]
    public void EvaluateGates_RuleHolds_FailsWithMeasuredValue()
    {
        using var tmp = new TempDir();
        var failed = AuditModule.EvaluateGates(["perplexity.sotu > 80", "spikes > 3", "probe_accuracy.shakespeare < 0.2"], Results(tmp));
        var f = Assert.Single(failed);
        Assert.Equal("perplexity.sotu > 80 (measured 93.1)", f);
    }

    [Fact]
    public void EvaluateGates_AllWithinBounds_NoFailures()
    {
        using var tmp = new TempDir();
        Assert.Empty(AuditModule.EvaluateGates(["perplexity.sotu <= 90", "spikes >= 3", "probe_accuracy.shakespeare != 0.4 "], Results(tmp)));
        Assert.Single(AuditModule.EvaluateGates(["probe_accuracy.shakespeare == 0.4"], tmp.Path));
    }

    [Fact]
    public void EvaluateGates_UnknownMetric_FailsNamingNearest()
    {
        using var tmp = new TempDir();
        var f = Assert.Single(AuditModule.EvaluateGates(["perplexity.sotus > 80"], Results(tmp)));
        Assert.Contains("unknown metric 'perplexity.sotus'", f, StringComparison.Ordinal);
        Assert.Contains("did you mean 'perplexity.sotu'", f, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateGates_NoResults_FailsSayingSo()
    {
        using var tmp = new TempDir();
        var f = Assert.Single(AuditModule.EvaluateGates(["spikes > 3"], tmp.Path));
        Assert.Contains("no audit results", f, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateGates_Malformed_FailsWithHowToWrite()
    {
        using var tmp = new TempDir();
        var f = Assert.Single(AuditModule.EvaluateGates(["spikes is big"], Results(tmp)));
        Assert.Contains("METRIC OP NUMBER", f, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteStep_OtherRunsFiles_NotMerged()
    {
        using var tmp = new TempDir();
        AuditResults.WriteStep(tmp.Path, "old", "old_step", "stability", new JsonObject(), new Dictionary<string, double> { ["spikes"] = 9 });
        AuditResults.WriteStep(tmp.Path, "new", "new_step", "perplexity", new JsonObject(), new Dictionary<string, double> { ["perplexity.a"] = 5 });
        var r = AuditResults.Read(tmp.Path);
        Assert.False(r.ContainsKey("spikes"));
        Assert.Equal(5, r["perplexity.a"]);
    }
}
