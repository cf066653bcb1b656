using System.CommandLine;
using System.Globalization;
using Pipeline.Ingest.Html;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Ingest.</summary>
internal static class IngestCommands
{
    private const string PagesSet = "extraction-dev/pages";
    private const string SnippetsSet = "extraction-dev/trafilatura-eval";

    public static IEnumerable<Command> All() => [ExtractEval()];

    private static CliCommand ExtractEval()
    {
        var pages = CliOptions.Value<string?>("--pages", "DIR", "One folder per page with source.html and expected.html (default " + DevDataFolder.Describe(PagesSet) + "). " +
            "Metric: bags of 4-gram shingles of lowercased \\w+ tokens; precision and recall per page, averaged; F1 of the means");
        var snippets = CliOptions.Value<string?>("--snippets", "DIR", "evaldata.json plus pages/FILE.gz (default " + DevDataFolder.Describe(SnippetsSet) + "). " +
            "Metric: each 'with' snippet found in the text is a true positive, each 'without' snippet found a false positive; " +
            "precision, recall, F1 and accuracy over all snippets (whitespace runs collapsed)");
        var workers = CliOptions.Value("--workers", "N", "Parallel pages", Environment.ProcessorCount);
        var worst = CliOptions.Value("--worst", "N", "List the N worst pages of each set", 10);
        return new CliCommand("extract-eval", "Score HTML main-text extraction on both dev sets (shingle P/R/F1 on expected pages, snippet P/R/F1 on trafilatura-eval). " +
            "Both sets are scored; a default folder that is absent is skipped with a note, a named one that is absent is an error")
        {
            pages, snippets, workers, worst,
        }.Handle((r, ctx) => ExtractEval(r.GetValue(pages), r.GetValue(snippets), r.GetValue(workers), r.GetValue(worst), ctx));
    }

    private static int ExtractEval(string? pages, string? snippets, int workers, int worst, CommandContext ctx)
    {
        if (workers < 1) throw new UsageException($"--workers must be at least 1, got {workers}");
        if (pages is not null && !Directory.Exists(pages))
            throw new UsageException($"pages folder '{pages}' does not exist; pass --pages DIR (one folder per page with source.html and expected.html)");
        if (snippets is not null && !Directory.Exists(snippets))
            throw new UsageException($"snippet set folder '{snippets}' does not exist; pass --snippets DIR (evaldata.json and pages/FILE.gz)");
        // Named sets only, when any is named; otherwise both defaults that exist.
        bool named = pages is not null || snippets is not null;
        if (!named)
        {
            pages = DevDataFolder.Of(PagesSet);
            snippets = DevDataFolder.Of(SnippetsSet);
            foreach (var d in new[] { pages, snippets }.Where(d => !Directory.Exists(d)))
                ctx.Out.WriteLine($"skipped: dev set folder '{d}' is absent");
            if (!Directory.Exists(pages)) pages = null;
            if (!Directory.Exists(snippets)) snippets = null;
            if (pages is null && snippets is null)
                throw new UsageException($"neither dev set is present ('{DevDataFolder.Of(PagesSet)}', '{DevDataFolder.Of(SnippetsSet)}'); set {DevDataFolder.Variable} or pass --pages DIR or --snippets DIR");
        }
        var inv = CultureInfo.InvariantCulture;
        try
        {
            if (pages is not null)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var result = ExtractionEval.Run(pages, workers);
                ctx.Out.WriteLine(string.Create(inv, $"pages {result.Pages.Count}  precision {result.Precision:F4}  recall {result.Recall:F4}  F1 {result.F1:F4}  (shingles, {sw.Elapsed.TotalSeconds:F1} s)"));
                if (worst > 0)
                {
                    ctx.Out.WriteLine("worst pages:");
                    foreach (var p in result.Pages.Take(worst))
                        ctx.Out.WriteLine(string.Create(inv, $"  {p.Page,-40} precision {p.Precision:F3}  recall {p.Recall:F3}"));
                }
            }
            if (snippets is not null)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var s = SnippetEval.Run(snippets, workers, ctx.CancellationToken);
                ctx.Out.WriteLine(string.Create(inv, $"snippet pages {s.Pages}  precision {s.Precision:F4}  recall {s.Recall:F4}  F1 {s.F1:F4}  accuracy {s.Accuracy:F4}  (tp {s.TruePositives} fn {s.FalseNegatives} fp {s.FalsePositives} tn {s.TrueNegatives}, {sw.Elapsed.TotalSeconds:F1} s)"));
                if (worst > 0)
                {
                    ctx.Out.WriteLine("worst snippet pages:");
                    foreach (var p in s.PageScores.Take(worst))
                        ctx.Out.WriteLine(string.Create(inv, $"  {p.Page,-50} missed {p.FalseNegatives}  unwanted {p.FalsePositives}"));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
        return 0;
    }
}
