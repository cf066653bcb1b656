using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Documents;

namespace Pipeline.Dedup;

/// <summary>
/// A real near-duplicate set built at run time from a folder of pages (each a folder with source.html and
/// expected.html, e.g. <c>../shared/data/extraction-dev/pages</c>): every page becomes several documents, the same
/// page extracted several ways — the expected text, this project's extractor, readability-lxml (when its texts are
/// given). Ids are <c>PAGE/VARIANT</c>, metadata <c>source_page</c> and <c>variant</c>; documents come in a fixed
/// order that interleaves pages and variants (sorted by a hash of the id), so no extractor is always first.
/// Truth is exact Jaccard over all pairs (<see cref="Evaluate"/>); nothing derived is stored.
/// </summary>
public static class NearDupDevSet
{
    /// <summary>Pages whose expected texts are at least this similar (exact Jaccard) are one family in <see cref="Build"/>'s distinct mode.</summary>
    public const double FamilySimilarity = 0.5;

    /// <summary>
    /// Builds the documents. <paramref name="extract"/>: main text of source.html; <paramref name="expectedText"/>:
    /// text of expected.html. <paramref name="distinctPages"/>: leave out every page whose expected text has exact
    /// Jaccard ≥ <see cref="FamilySimilarity"/> with another page's (test fixtures that share one body), so any
    /// cross-page pair in a cluster is a false merge.
    /// </summary>
    public static List<Document> Build(string pagesDirectory, Func<string, string> extract, Func<string, string> expectedText,
        IReadOnlyDictionary<string, string>? readabilityTexts = null, bool distinctPages = false)
    {
        if (!Directory.Exists(pagesDirectory))
            throw new DirectoryNotFoundException($"pages folder '{pagesDirectory}' does not exist (one folder per page with source.html and expected.html)");
        var docs = new List<Document>();
        foreach (var dir in Directory.EnumerateDirectories(pagesDirectory).Order(StringComparer.Ordinal))
        {
            string source = Path.Combine(dir, "source.html"), expected = Path.Combine(dir, "expected.html");
            if (!File.Exists(source) || !File.Exists(expected)) continue;
            string page = Path.GetFileName(dir);
            var html = File.ReadAllText(source);
            docs.Add(Doc(page, "expected", expectedText(File.ReadAllText(expected))));
            docs.Add(Doc(page, "pipeline", extract(html)));
            if (readabilityTexts is not null && readabilityTexts.TryGetValue(page, out var r)) docs.Add(Doc(page, "readability", r));
        }
        if (docs.Count == 0) throw new InvalidDataException($"no page folders with source.html and expected.html under '{pagesDirectory}'");
        if (distinctPages)
        {
            var expectedDocs = docs.Where(d => d.Meta.GetString("variant") == "expected").ToList();
            var words = new ulong[512];
            var shingles = new ulong[512];
            var sets = expectedDocs.Select(d =>
            {
                int n = Shingler.Shingles(d.Text, 5, ref words, ref shingles);
                return Shingler.ShingleSet(shingles.AsSpan(0, n));
            }).ToArray();
            var family = new HashSet<string>(StringComparer.Ordinal);
            for (int a = 0; a < sets.Length; a++)
                for (int b = a + 1; b < sets.Length; b++)
                    if (sets[a].Length > 0 && sets[b].Length > 0 && Shingler.Jaccard(sets[a], sets[b]) >= FamilySimilarity)
                    {
                        family.Add(expectedDocs[a].Meta.GetString("source_page")!);
                        family.Add(expectedDocs[b].Meta.GetString("source_page")!);
                    }
            docs.RemoveAll(d => family.Contains(d.Meta.GetString("source_page")!));
        }
        return docs.OrderBy(d => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(d.Id))).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    private static Document Doc(string page, string variant, string text) =>
        new Document($"{page}/{variant}", text, new SourceRef(page, 0)).WithMeta("source_page", page).WithMeta("variant", variant);

    /// <summary>
    /// Runs <paramref name="script"/> (bench/peers/readability_texts.py) with <paramref name="python"/> over the pages:
    /// page name → readability-lxml article text. Null when python or the readability module is missing (the reason in <paramref name="why"/>).
    /// </summary>
    public static Dictionary<string, string>? ReadabilityTexts(string script, string pagesDirectory, out string why, string python = "/usr/bin/python3")
    {
        why = "";
        if (!File.Exists(python) || !File.Exists(script))
        {
            why = $"{(!File.Exists(python) ? python : script)} not found";
            return null;
        }
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(pagesDirectory);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = p.StandardError.ReadToEndAsync();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (p.StandardOutput.ReadLine() is { } line)
        {
            using var j = JsonDocument.Parse(line);
            map[j.RootElement.GetProperty("page").GetString()!] = j.RootElement.GetProperty("text").GetString() ?? "";
        }
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            why = $"{script} exited {p.ExitCode}: {stderr.Result.Trim().Split('\n')[^1]}";
            return null;
        }
        return map;
    }

    /// <summary>
    /// Scores removals on the set: truth is every pair (any pages) with exact Jaccard ≥ <paramref name="threshold"/>;
    /// pairs of one cluster from different pages are cross-page merges (<see cref="QualityReport.CrossSourcePairs"/>).
    /// </summary>
    public static QualityReport Evaluate(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, (string Match, string Cluster)> removed, double threshold) =>
        DuplicateQuality.Evaluate(documents, removed, threshold, _ => "all", d => d.Meta.GetString("source_page") ?? d.Id);

    /// <summary>
    /// Scores removals against same-page truth: every pair of variants of one page is a near duplicate, whatever its
    /// similarity, and pairs of different pages never are (so a cluster joining pages that share a body counts against
    /// precision here, while exact-Jaccard truth counts it as found). The report's similarity histogram is over
    /// same-page pairs: the share below the threshold is recall no similarity detector at that threshold can reach.
    /// </summary>
    public static QualityReport EvaluateSamePage(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, (string Match, string Cluster)> removed) =>
        DuplicateQuality.Evaluate(documents, removed, 0, PageOf, PageOf);

    private static string PageOf(Document d) => d.Meta.GetString("source_page") ?? d.Id;
}
