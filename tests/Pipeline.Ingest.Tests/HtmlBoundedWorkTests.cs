using System.Diagnostics;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Html;
using Pipeline.Ingest.Web;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Ingest.Tests;

/// <summary>Hostile pages cost bounded work: refused before parsing when nested beyond the budget or not text, cancellable throughout.</summary>
public sealed class HtmlBoundedWorkTests
{
    private static string Nested(string open, string close, int n, string inner = "deep text here.")
    {
        var sb = new StringBuilder("<!doctype html><html><body>");
        for (int i = 0; i < n; i++) sb.Append(open);
        sb.Append(inner);
        for (int i = 0; i < n; i++) sb.Append(close);
        return sb.Append("</body></html>").ToString();
    }

    private static async Task<(Outcome Outcome, TimeSpan Elapsed)> RunStepAsync(string html, HtmlTextOptions? options = null, CancellationToken ct = default)
    {
        var step = new HtmlTextStep(options ?? new HtmlTextOptions());
        var doc = new Document("d", html, new SourceRef("a.warc.gz", 0, "https://example.org/x", null, "text/html"));
        var sw = Stopwatch.StartNew();
        var outcome = await step.ProcessAsync(doc, StepContext.ForTool("html", Path.GetTempPath()), ct);
        return (outcome, sw.Elapsed);
    }

    [Fact]
    public async Task ProcessAsync_100kNestedDivs_DroppedTooDeepUnderOneSecond()
    {
        var (outcome, elapsed) = await RunStepAsync(Nested("<div>", "</div>", 100_000));
        Assert.Equal(OutcomeAction.Dropped, outcome.Action);
        Assert.Equal("html_text:too_deep", outcome.Reason);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed.TotalSeconds:F2} s");
    }

    [Theory]
    [InlineData("<div>", "</div>", 10_000)]
    [InlineData("<b><i><span>", "", 100_000)]
    [InlineData("<table><tr><td>", "</td></tr></table>", 50_000)]
    public async Task ProcessAsync_HostileNesting_DroppedTooDeepUnderOneSecond(string open, string close, int n)
    {
        var (outcome, elapsed) = await RunStepAsync(Nested(open, close, n));
        Assert.Equal("html_text:too_deep", outcome.Reason);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Extract_NestedJustUnderBudget_TextKeptAndFast()
    {
        var html = Nested("<div>", "</div>", HtmlGuard.DefaultMaxDepth - 10, "<p>Rivers carve valleys over thousands of years, removing rock grain by grain, and the valley tells the story.</p>");
        // the first extraction in the process JIT-compiles the extractor (Debug, seconds on a loaded CI machine): warm it
        // on a shallow page so the clock measures the depth, not the compiler
        MainTextExtractor.Extract(Nested("<div>", "</div>", 8, "<p>Warm-up text of a shallow page, long enough to be kept by the extractor as a paragraph.</p>"));
        var sw = Stopwatch.StartNew();
        var r = MainTextExtractor.Extract(html);
        Assert.Null(r.Rejected);
        Assert.Contains("Rivers carve valleys over thousands of years", r.Text, StringComparison.Ordinal);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void NestingDepth_ImpliedEndTagsVoidAndRawText_NotCounted()
    {
        var sb = new StringBuilder("<html><body><div class=a>");
        for (int i = 0; i < 5000; i++) sb.Append("<p>para <br><img src=x.png> <li>item <td>cell <!-- <div> --><script>if (a<b) document.write('<div>')</script>");
        sb.Append("<svg><path d='M0'/></svg></div></body></html>");
        Assert.Equal(2, HtmlGuard.NestingDepth(sb.ToString()));
        Assert.Equal(3, HtmlGuard.NestingDepth("<div><span><b>x</span></div><div>y</div>"));
    }

    [SharedDataFact("extraction-dev/trafilatura-eval/pages")]
    public void NestingDepth_RealPages_AllWithinBudget()
    {
        var depths = Directory.EnumerateFiles(SharedData.PathOf("extraction-dev/trafilatura-eval/pages"), "*.gz")
            .Select(f => (f, d: HtmlGuard.NestingDepth(SnippetEval.ReadPage(f)))).ToList();
        var worst = depths.MaxBy(x => x.d);
        Assert.True(worst.d <= HtmlGuard.DefaultMaxDepth / 2, $"{Path.GetFileName(worst.f)} nests {worst.d} deep");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProcessAsync_RandomBytesLabelledHtml_DroppedNotText(bool declaredUtf8)
    {
        var bytes = new byte[1 << 20];
        new Random(16).NextBytes(bytes);
        var text = CharsetDecoder.Decode(bytes, declaredUtf8 ? "utf-8" : null, sniffHtml: true, out _);

        var (outcome, elapsed) = await RunStepAsync(text);

        Assert.Equal(OutcomeAction.Dropped, outcome.Action);
        Assert.Equal("html_text:not_text", outcome.Reason);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void NonTextShare_RealTextInManyScripts_Zero()
    {
        Assert.Equal(0, HtmlGuard.NonTextShare("<p>Grüße, 東京, Привет, مرحبا\tand\r\nlines</p>"));
    }

    [Fact]
    public async Task ProcessAsync_CancelledDuringLongPage_ThrowsPromptly()
    {
        var sb = new StringBuilder("<html><body><article>");
        for (int i = 0; i < 200_000; i++) sb.Append("<p>Paragraph ").Append(i).Append(" of a very long page, with commas, and words.</p>");
        var html = sb.Append("</article></body></html>").ToString();
        using var cts = new CancellationTokenSource();
        var step = new HtmlTextStep(new HtmlTextOptions());
        var doc = new Document("d", html, new SourceRef("a.warc.gz", 0, ContentType: "text/html"));

        // AngleSharp's parse cannot be interrupted (it is linear once the depth is bounded): what this test holds the
        // extractor to is stopping within 2 s of the cancel once the parse is over, whatever the machine's load. So
        // the allowance is the time the same page takes to parse here and now, measured first.
        var parseStart = Stopwatch.GetTimestamp();
        using (new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html)) { }
        var parse = Stopwatch.GetElapsedTime(parseStart);

        long cancelledAt = 0;
        using var registration = cts.Token.Register(() => cancelledAt = Stopwatch.GetTimestamp());
        // a dedicated thread, not a pool timer: other tests saturating the thread pool must not delay the cancel
        // past the extraction
        var canceller = new Thread(() => { Thread.Sleep(300); cts.Cancel(); }) { IsBackground = true };
        canceller.Start();
        var ex = await Record.ExceptionAsync(async () => await step.ProcessAsync(doc, StepContext.ForTool("html", Path.GetTempPath()), cts.Token));
        long stoppedAt = Stopwatch.GetTimestamp();
        canceller.Join();
        Assert.True(cancelledAt != 0 && cancelledAt < stoppedAt, "the page was done before the cancel: make it longer");
        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        var afterCancel = Stopwatch.GetElapsedTime(cancelledAt, stoppedAt);
        Assert.True(afterCancel < TimeSpan.FromSeconds(2) + parse, $"took {afterCancel.TotalSeconds:F2} s to stop (the parse alone takes {parse.TotalSeconds:F2} s)");
    }
}
