using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Html;
using Xunit;

namespace Pipeline.Ingest.Tests;

public sealed class HtmlTextTests
{
    private const string Article = """
        <!doctype html><html lang="en-GB"><head><title>How rivers shape valleys</title>
        <meta name="robots" content="noai"></head><body>
        <header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav></header>
        <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
        <div class="layout"><aside class="sidebar"><h3>Popular</h3><ul><li><a href="/1">Ten facts about owls</a></li><li><a href="/2">Why cats purr</a></li></ul></aside>
        <main><article class="post-content"><h1>How rivers shape valleys</h1>
        <p>Rivers carve valleys over thousands of years, removing rock grain by grain, and the shape of a valley tells the story of the water that made it.</p>
        <p>Young rivers in mountains cut steep V-shaped valleys, while old rivers on plains wander, meander and build wide floodplains with oxbow lakes.</p>
        <h2>Erosion</h2>
        <ul><li>Hydraulic action breaks rock apart.</li><li>Abrasion grinds the bed with pebbles.</li></ul>
        <pre>depth = k * flow ^ 0.4</pre>
        <table><tr><th>River</th><th>Length</th></tr><tr><td>Nile</td><td>6650 km</td></tr></table>
        <script>var tracking = "never shown";</script><!-- a comment never shown -->
        </article></main></div>
        <footer class="site-footer"><p>Copyright 2024 Example Media. All rights reserved. Contact us at the address below.</p></footer>
        </body></html>
        """;

    [Fact]
    public void Extract_ArticlePage_KeepsContentDropsChrome()
    {
        var r = MainTextExtractor.Extract(Article);

        Assert.Contains("Rivers carve valleys over thousands of years", r.Text, StringComparison.Ordinal);
        Assert.Contains("Abrasion grinds the bed with pebbles.", r.Text, StringComparison.Ordinal);
        Assert.Contains("depth = k * flow ^ 0.4", r.Text, StringComparison.Ordinal);
        Assert.Contains("Nile", r.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n", r.Text, StringComparison.Ordinal);
        foreach (var chrome in new[] { "Home", "cookies", "Ten facts about owls", "Copyright", "tracking", "comment" })
            Assert.DoesNotContain(chrome, r.Text, StringComparison.Ordinal);
        Assert.Equal("How rivers shape valleys", r.Title);
        Assert.Equal("en", r.Language);
        Assert.Equal(["meta-robots:noai"], r.OptOut);
    }

    [Fact]
    public async Task ProcessAsync_HtmlDocument_TextAndMetaSet()
    {
        var step = new HtmlTextStep(new HtmlTextOptions());
        var doc = new Document("d1", Article, new SourceRef("a.warc.gz", 0, "https://www.rivers.example.org/valleys", null, "text/html"),
            Meta.Empty.Set("opt_out", new[] { "x-robots-tag:noai" }));

        var outcome = await step.ProcessAsync(doc, StepContext.ForTool("html", Path.GetTempPath()), CancellationToken.None);

        Assert.Equal(OutcomeAction.Modified, outcome.Action);
        Assert.StartsWith("How rivers shape valleys", outcome.Document.Text, StringComparison.Ordinal);
        Assert.Equal("example.org", outcome.Document.Meta.GetString("domain"));
        Assert.Equal("www.rivers.example.org", outcome.Document.Meta.GetString("host"));
        Assert.Equal("en", outcome.Document.Meta.GetString("language"));
        Assert.Equal(["meta-robots:noai", "x-robots-tag:noai"], outcome.Document.Meta.GetStrings("opt_out"));
    }

    [Fact]
    public async Task ProcessAsync_PlainTextDocument_PassesThrough()
    {
        var step = new HtmlTextStep(new HtmlTextOptions());
        var doc = new Document("d2", "just text <b>not html</b>", new SourceRef("a.warc", 0, ContentType: "text/plain"));
        var outcome = await step.ProcessAsync(doc, StepContext.ForTool("html", Path.GetTempPath()), CancellationToken.None);
        Assert.Equal(OutcomeAction.Kept, outcome.Action);
        Assert.Same(doc, outcome.Document);
    }

    [Fact]
    public async Task ProcessAsync_EmptyPage_DroppedWithReason()
    {
        var step = new HtmlTextStep(new HtmlTextOptions { MinChars = 10 });
        var doc = new Document("d3", "<html><body><nav>Home</nav></body></html>", new SourceRef("a.warc", 0, ContentType: "text/html"));
        var outcome = await step.ProcessAsync(doc, StepContext.ForTool("html", Path.GetTempPath()), CancellationToken.None);
        Assert.Equal(OutcomeAction.Dropped, outcome.Action);
        Assert.Equal("html_text:no_main_text", outcome.Reason);
    }
}
