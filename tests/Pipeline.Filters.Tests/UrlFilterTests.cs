using System.Diagnostics;
using Pipeline.Core.Steps;
using Pipeline.Filters.Url;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Filters.Tests;

[Collection(SerialCollection.Name)]
public sealed class UrlFilterTests
{
    private static Outcome Check(UrlFilter f, string url) => Docs.Run(f, Docs.WithUrl("text", url));

    [Fact]
    public void Decide_ListFiles_DomainSubdomainUrlSubstring()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("domains.txt"), "# blocked\nbad.example\n\n*.worse.example  # wildcard\n");
        File.WriteAllText(dir.File("urls.txt"), "https://good.example/private/page/\n");
        File.WriteAllText(dir.File("subs.txt"), "casino\nfree-money\n");
        var f = new UrlFilter(new UrlFilterOptions { DomainFiles = [dir.File("domains.txt")], UrlFiles = [dir.File("urls.txt")], SubstringFiles = [dir.File("subs.txt")] });
        Assert.Equal("url:blocked_domain", Check(f, "http://bad.example/a").Reason);
        Assert.Equal("url:blocked_domain", Check(f, "http://www.sub.bad.example/a").Reason);
        Assert.Equal("url:blocked_domain", Check(f, "http://x.worse.example/").Reason);
        Assert.Equal(OutcomeAction.Kept, Check(f, "http://notbad.example/a").Action);
        Assert.Equal(OutcomeAction.Kept, Check(f, "http://bad.example.org/a").Action);
        Assert.Equal("url:blocked_url", Check(f, "HTTPS://GOOD.example/private/page#top").Reason);
        Assert.Equal(OutcomeAction.Kept, Check(f, "https://good.example/private/other").Action);
        Assert.Equal("url:banned_substring", Check(f, "https://good.example/Best-CASINO-games").Reason);
        Assert.Equal(OutcomeAction.Kept, Check(f, "https://good.example/casin").Action);
        Assert.Equal(OutcomeAction.Kept, Docs.Run(f, Docs.Make("no url")).Action);
    }

    [Fact]
    public void AhoCorasick_OverlappingPatterns_Found()
    {
        var ac = new AhoCorasick(["he", "she", "hers", "his"]);
        Assert.Equal("she", ac.FindFirst("ushers"));
        Assert.Equal("his", ac.FindFirst("this"));
        Assert.Null(ac.FindFirst("ello"));
    }

    [Fact]
    public void Match_MillionDomains_FastLookups()
    {
        var domains = Enumerable.Range(0, 1_000_000).Select(i => $"site{i}.example");
        var list = new UrlBlockList(domains, [], Enumerable.Range(0, 10_000).Select(i => $"banned{i}x"));
        Assert.Equal(1_000_000, list.DomainCount);
        // CPU time, not wall time: the CI machine is shared (this class runs alone).
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        int blocked = 0;
        for (int i = 0; i < 100_000; i++)
            if (list.Match($"https://a.b.site{i * 17}.example/path/page?q={i}", null) is not null) blocked++;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Assert.Equal(Enumerable.Range(0, 100_000).Count(i => i * 17 < 1_000_000), blocked);
        Assert.True(used < TimeSpan.FromSeconds(3), $"100k lookups used {used} CPU");
        Assert.Equal("banned_substring", list.Match("https://x.org/banned9999x", null)?.Rule);
    }
}
