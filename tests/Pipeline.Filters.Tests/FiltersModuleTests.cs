using Pipeline.Core.Steps;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class FiltersModuleTests
{
    [Fact]
    public void Register_AllSteps_ProcessorsWithRejectedPort()
    {
        var r = new StepRegistry();
        FiltersModule.Register(r);
        string[] names = ["filters.c4", "filters.fineweb", "filters.gopher_quality", "filters.gopher_repetition", "filters.length", "filters.licence_policy", "filters.pii", "filters.toxicity", "filters.url"];
        Assert.Equal(names, r.All.Select(d => d.Name).ToArray());
        Assert.All(r.All, d => Assert.Equal(["rejected"], d.Ports));
        var rep = r.Find("filters.gopher_repetition")!;
        Assert.Contains(rep.Options, o => o.JsonName == "max_dup_10gram_char_frac" && (double)o.Default! == 0.10);
        Assert.Contains(r.Find("filters.fineweb")!.Options, o => o.JsonName == "min_line_punct_ratio" && (double)o.Default! == 0.12);
    }
}
