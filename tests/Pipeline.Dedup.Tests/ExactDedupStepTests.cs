using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class ExactDedupStepTests
{
    [Fact]
    public async Task Process_NormalisedTextRepeats_FirstKeptLaterDroppedWithKeptId()
    {
        using var dir = new TempDir();
        var docs = new[]
        {
            Steps.Doc("a", "Hello   World"),
            Steps.Doc("b", "something else"),
            Steps.Doc("c", "hello world"),
            Steps.Doc("d", " HELLO\nWORLD "),
            Steps.Doc("e", "hello, world"),
        };
        var (outs, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions()), docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Kept, OutcomeAction.Dropped, OutcomeAction.Dropped, OutcomeAction.Kept], outs.Select(o => o.Action));
        Assert.Equal("dedup_exact:duplicate", outs[2].Reason);
        Assert.Equal("a", outs[2].Details);
        Assert.Equal("a", outs[3].Document.Meta.GetString("duplicate_of"));
    }

    [Fact]
    public async Task Process_FullNormalisation_IgnoresPunctuationAndDigits()
    {
        using var dir = new TempDir();
        var docs = new[] { Steps.Doc("a", "Page 1: hello, world!"), Steps.Doc("b", "page 7 hello world") };
        var (outs, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Normalize = "full" }), docs, Steps.Context(dir.Path));
        Assert.Equal(OutcomeAction.Dropped, outs[1].Action);
        var (raw, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Normalize = "none" }), docs, Steps.Context(dir.Path));
        Assert.Equal(OutcomeAction.Kept, raw[1].Action);
    }

    [Fact]
    public async Task Process_UrlKey_DuplicateUrlsDroppedMissingUrlKept()
    {
        using var dir = new TempDir();
        var docs = new[]
        {
            Steps.Doc("a", "one", "https://x.org/p"),
            Steps.Doc("b", "two", "https://x.org/p"),
            Steps.Doc("c", "three"),
            Steps.Doc("d", "three"),
        };
        var (outs, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Key = "url" }), docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Dropped, OutcomeAction.Kept, OutcomeAction.Kept], outs.Select(o => o.Action));
        Assert.Equal("a", outs[1].Details);
    }

    [Fact]
    public async Task Process_MetaKey_ComparesMetadataValue()
    {
        using var dir = new TempDir();
        var docs = new[]
        {
            Steps.Doc("a", "one").WithMeta("canonical", "k1"),
            Steps.Doc("b", "two").WithMeta("canonical", "k2"),
            Steps.Doc("c", "three").WithMeta("canonical", "k1"),
        };
        var (outs, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Key = "canonical" }), docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Kept, OutcomeAction.Dropped], outs.Select(o => o.Action));
    }

    [Fact]
    public async Task Process_BatchSizeAndThreads_SameSurvivors()
    {
        using var dir = new TempDir();
        var docs = NearDupCorpus.Generate(600, seed: 11, nearRate: 0.1, exactRate: 0.3);
        var (a, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Threads = 1 }), docs, Steps.Context(dir.Path), batchSize: 7);
        var (b, _) = await Steps.RunAsync(new ExactDedupStep(new ExactDedupOptions { Threads = 4 }), docs, Steps.Context(dir.Path), batchSize: 500);
        Assert.Equal(a.Select(o => (o.Action, o.Details)), b.Select(o => (o.Action, o.Details)));
        int exact = docs.Count(d => d.Meta.GetString("synthetic_kind") == "exact_duplicate");
        Assert.Equal(exact, a.Count(o => o.Action == OutcomeAction.Dropped));
    }
}
