using Pipeline.Core.Steps;
using Pipeline.Filters.Policy;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class LicencePolicyTests
{
    [Fact]
    public void Decide_AllowDenyUnknownOptOut()
    {
        var f = new LicencePolicyFilter(new LicencePolicyOptions { Allow = ["CC-BY-4.0", "CC0-1.0"], Deny = ["CC-BY-NC-4.0"], Unknown = "drop" });
        Assert.Equal(OutcomeAction.Kept, Docs.Run(f, Docs.Make("t", ("licence", "cc-by-4.0"))).Action);
        Assert.Equal("licence_policy:denied_licence", Docs.Run(f, Docs.Make("t", ("licence", "CC-BY-NC-4.0"))).Reason);
        Assert.Equal("licence_policy:not_allowed", Docs.Run(f, Docs.Make("t", ("licence", "GPL-3.0"))).Reason);
        Assert.Equal("licence_policy:unknown_licence", Docs.Run(f, Docs.Make("t")).Reason);
        var optOut = Docs.Run(f, Docs.Make("t", ("licence", "CC0-1.0"), ("opt_out", new[] { "robots_meta:noai" })));
        Assert.Equal("licence_policy:opt_out", optOut.Reason);
        Assert.Contains("noai", optOut.Details);
    }

    [Fact]
    public void Decide_DefaultsKeepUnknownAndIgnoredSignals()
    {
        var f = new LicencePolicyFilter(new LicencePolicyOptions { IgnoreOptOutSignals = ["tdmrep:0"] });
        Assert.Equal(OutcomeAction.Kept, Docs.Run(f, Docs.Make("t")).Action);
        Assert.Equal(OutcomeAction.Kept, Docs.Run(f, Docs.Make("t", ("opt_out", new[] { "tdmrep:0" }))).Action);
        Assert.Equal(OutcomeAction.Dropped, Docs.Run(f, Docs.Make("t", ("opt_out", new[] { "ai.txt" }))).Action);
        Assert.NotEmpty(new LicencePolicyOptions { Allow = ["MIT"], Deny = ["mit"] }.Validate());
    }
}
