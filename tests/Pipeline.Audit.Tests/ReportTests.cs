using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using SkiaSharp;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed partial class ReportTests(AuditedRunFixture fixture) : IClassFixture<AuditedRunFixture>
{
    private const string Chromium = ChromiumFactAttribute.Path;

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();

    /// <summary>A full audit of the synthetic run: stability, perplexity and probes under a bigram model, then the report.</summary>
    internal static async Task<(SyntheticRun Run, string Html, IReadOnlyList<Artifact> Report)> BuildReportAsync(TempDir tmp)
    {
        var run = await SyntheticRun.CreateAsync(tmp.Path, plantGarbage: true);
        var inputs = new Dictionary<string, IReadOnlyList<Artifact>>
        {
            ["model"] = [new Artifact("metrics", run.MetricsPath)],
            ["shards"] = [new Artifact("shards", run.ShardsDir)],
        };
        var stability = await new StabilityStep(new StabilityOptions()).RunAsync(StepContext.ForTool("stability", run.OutputDir, null, inputs, new Provenance.LedgerReader(run.LedgerPath)), CancellationToken.None);

        var codec = new ByteCodec();
        var model = new BigramModel(257).Train(run.Tokens);
        var heldOut = new Dictionary<string, string>
        {
            ["millstream.example"] = "the boy saw boats on the water while his mother baked bread in the kitchen. the river ran past the old mill.",
            ["riverside.example"] = "people walked slowly near town where the river ran. his mother saw the old house near the mill.",
            ["junk.example"] = "q8#kZ!pw0@Lx ~~ v^7Tq mm::Rz 4$4$ yy0U*",
        };
        var ppl = heldOut.Select(kv => PerplexityEvaluator.Evaluate(kv.Key, model, codec, codec.Encode(kv.Value))).ToList();
        var (pd, pm) = PerplexityStep.Describe(ppl, "ckpt", run.ShardsDir);
        var pplPath = AuditResults.WriteStep(run.OutputDir, "r", "ppl", "perplexity", pd, pm);

        var probes = heldOut.Take(2).SelectMany(kv => ClozeProbeGenerator.Generate(kv.Key, [kv.Value + " " + kv.Value], 5, 3, 1, minWords: 4)).ToList();
        var scores = ProbesStep.Score(model, codec, probes, CancellationToken.None);
        var (qd, qm) = ProbesStep.Describe(scores, ProbeSummary.Of(scores), null, "ckpt", null, "probes.jsonl", 0.05);
        var probePath = AuditResults.WriteStep(run.OutputDir, "r", "probes", "probes", qd, qm);

        inputs["stability"] = stability;
        inputs["ppl"] = [new Artifact("audit", pplPath)];
        inputs["probes"] = [new Artifact("audit", probePath)];
        var report = await new ReportStep(new ReportOptions()).RunAsync(StepContext.ForTool("report", run.OutputDir, null, inputs, new Provenance.LedgerReader(run.LedgerPath)), CancellationToken.None);
        return (run, File.ReadAllText(report[0].Path), report);
    }

    [Fact]
    public async Task ReportStep_FullAudit_SectionsPlotsAndMixture()
    {
        var (run, html, report) = await fixture.GetAsync();

        foreach (var id in new[] { "summary", "stability", "perplexity", "probes", "funnel", "licences", "mixture" })
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        var images = DataUri().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.True(images.Count >= 6, $"{images.Count} plots");
        foreach (var png in images) AssertNonBlank(png, "embedded plot");
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Contains(SyntheticRun.GarbageSource, html, StringComparison.Ordinal);
        Assert.Contains("CC-BY-4.0", html, StringComparison.Ordinal);

        var md = File.ReadAllText(report[0].Get("markdown")!);
        Assert.Contains("## Held-out perplexity per domain", md, StringComparison.Ordinal);
        Assert.Contains("| junk.example |", md, StringComparison.Ordinal);

        // Funnel from the ledger: 164 documents entered, the 10 clean-0xx ones dropped by "quality".
        var results = AuditResults.Read(run.OutputDir);
        var funnel = LedgerFacts.Funnel(new Provenance.LedgerReader(run.LedgerPath));
        Assert.True(funnel.Count == 2, string.Join("; ", funnel));
        Assert.Equal(164, results["documents_entered"]);
        Assert.Equal(154, results["documents_kept"]);

        // each held-out text is about a hundred bytes: too little evidence to move any weight, and the report says so
        var next = JsonNode.Parse(File.ReadAllText(Path.Combine(run.OutputDir, "audit", "next_mixture.json")))!;
        Assert.All(next["weights"]!.AsObject(), kv => Assert.Equal(1.0, (double)kv.Value!, 6));
        Assert.Contains("held-out tokens", (string?)next["warnings"]!["junk.example"], StringComparison.Ordinal);
        Assert.Contains("Too little held-out evidence", html, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Report_InHeadlessChromium_RendersPlotsAndSections()
    {
        var (run, _, report) = await fixture.GetAsync();
        var url = new Uri(report[0].Path).AbsoluteUri;
        var shot = Path.Combine(run.OutputDir, "shot.png");

        // One browser start: the DOM after rendering on stdout and a screenshot of the page.
        var dom = RunChromium("--dump-dom", $"--screenshot={shot}", "--window-size=1280,2000", url);
        foreach (var id in new[] { "summary", "stability", "perplexity", "probes", "funnel", "licences", "mixture" })
            Assert.Contains($"id=\"{id}\"", dom, StringComparison.Ordinal);
        Assert.True(Regex.Matches(dom, "<img id=\"plot-").Count >= 6);
        Assert.Contains("id=\"spike-table\"", dom, StringComparison.Ordinal);

        Assert.True(File.Exists(shot), "chromium wrote no screenshot");
        AssertNonBlank(File.ReadAllBytes(shot), "screenshot");
    }

    private static string RunChromium(params string[] args)
    {
        var psi = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={Directory.CreateTempSubdirectory("chromium-").FullName}" })
            psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>The PNG decodes and is not one flat colour (at least 2% of sampled pixels differ from the corner).</summary>
    private static void AssertNonBlank(byte[] png, string what)
    {
        using var bmp = SKBitmap.Decode(png);
        Assert.NotNull(bmp);
        Assert.True(bmp.Width > 100 && bmp.Height > 100, $"{what} is {bmp.Width}x{bmp.Height}");
        var corner = bmp.GetPixel(0, 0);
        int differ = 0, total = 0;
        for (int y = 0; y < bmp.Height; y += 4)
            for (int x = 0; x < bmp.Width; x += 4)
            {
                total++;
                if (bmp.GetPixel(x, y) != corner) differ++;
            }
        Assert.True(differ > total / 50, $"{what} looks blank: {differ} of {total} sampled pixels differ from the background");
    }
}
