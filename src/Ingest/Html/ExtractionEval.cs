namespace Pipeline.Ingest.Html;

/// <summary>Scores <see cref="MainTextExtractor"/> on a folder of pages (each a folder with source.html and expected.html).</summary>
public static class ExtractionEval
{
    /// <summary>Mean precision, mean recall, F1 over the pages, and the per-page figures (worst first).</summary>
    public static ExtractionEvalResult Run(string pagesDirectory, int workers = 1)
    {
        if (!Directory.Exists(pagesDirectory))
            throw new DirectoryNotFoundException($"pages folder '{pagesDirectory}' does not exist; pass --pages DIR with one folder per page holding source.html and expected.html");
        var dirs = Directory.EnumerateDirectories(pagesDirectory)
            .Where(d => File.Exists(Path.Combine(d, "source.html")) && File.Exists(Path.Combine(d, "expected.html")))
            .Order(StringComparer.Ordinal).ToList();
        if (dirs.Count == 0)
            throw new InvalidDataException($"no page folders with source.html and expected.html under '{pagesDirectory}'");
        var pages = new ExtractionPageScore[dirs.Count];
        Parallel.For(0, dirs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, i =>
        {
            var source = File.ReadAllText(Path.Combine(dirs[i], "source.html"));
            var expected = MainTextExtractor.AllText(File.ReadAllText(Path.Combine(dirs[i], "expected.html")));
            var predicted = MainTextExtractor.Extract(source).Text;
            var (p, r) = ExtractionScore.Page(predicted, expected);
            pages[i] = new ExtractionPageScore(Path.GetFileName(dirs[i]), p, r);
        });
        double mp = pages.Average(x => x.Precision), mr = pages.Average(x => x.Recall);
        return new ExtractionEvalResult(mp, mr, ExtractionScore.F1(mp, mr), pages.OrderBy(x => ExtractionScore.F1(x.Precision, x.Recall)).ToList());
    }

    /// <summary>All visible text of <paramref name="html"/>, as the expected side is read (for benchmarks and tools).</summary>
    public static string AllText(string html) => MainTextExtractor.AllText(html);

    /// <summary>Main text of <paramref name="html"/> (for benchmarks and tools).</summary>
    public static string ExtractText(string html) => MainTextExtractor.Extract(html).Text;
}
