using System.Globalization;
using Pipeline.Ingest.Html;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Ingest.</summary>
internal static class IngestCommands
{
    private const string DefaultPages = "../shared/data/extraction-dev/pages";

    public static IEnumerable<CliCommand> All() =>
    [
        new("extract-eval", "Score HTML main-text extraction against expected pages (shingle precision/recall/F1)",
            "extract-eval [--pages DIR] [--workers N] [--worst N]\n" +
            "  DIR holds one folder per page with source.html and expected.html (default " + DefaultPages + ").\n" +
            "  Metric: bags of 4-gram shingles of lowercased \\w+ tokens; precision and recall per page, averaged; F1 of the means.",
            new HashSet<string>(), ExtractEvalAsync),
    ];

    private static Task<int> ExtractEvalAsync(CliArgs args, CommandContext ctx)
    {
        var pages = args.Get("pages") ?? DefaultPages;
        int workers = args.GetInt("workers", Environment.ProcessorCount);
        int worst = args.GetInt("worst", 10);
        args.RejectUnknown();
        if (workers < 1) throw new UsageException($"--workers must be at least 1, got {workers}");
        if (!Directory.Exists(pages))
            throw new UsageException($"pages folder '{pages}' does not exist; pass --pages DIR (one folder per page with source.html and expected.html)");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        ExtractionEvalResult result;
        try
        {
            result = ExtractionEval.Run(pages, workers);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
        var inv = CultureInfo.InvariantCulture;
        ctx.Out.WriteLine(string.Create(inv, $"pages {result.Pages.Count}  precision {result.Precision:F4}  recall {result.Recall:F4}  F1 {result.F1:F4}  ({sw.Elapsed.TotalSeconds:F1} s)"));
        if (worst > 0)
        {
            ctx.Out.WriteLine("worst pages:");
            foreach (var p in result.Pages.Take(worst))
                ctx.Out.WriteLine(string.Create(inv, $"  {p.Page,-40} precision {p.Precision:F3}  recall {p.Recall:F3}"));
        }
        return Task.FromResult(0);
    }
}
