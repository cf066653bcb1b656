using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Pipeline.Ingest.Web;

namespace Pipeline.Ingest.Html;

/// <summary>
/// Scores <see cref="MainTextExtractor"/> with the snippet metric of trafilatura's evaluation set: a folder holding
/// <c>evaldata.json</c> (URL → file, <c>with</c> snippets that belong to the main text, <c>without</c> snippets that must not)
/// and <c>pages/FILE.gz</c>. Each <c>with</c> snippet found in the extracted text is a true positive (else a false negative),
/// each <c>without</c> snippet found a false positive (else a true negative). Whitespace runs are collapsed to one space in
/// both the text and the snippets before matching (block breaks are not part of the metric).
/// </summary>
public static class SnippetEval
{
    /// <summary>Snippet counts, precision, recall, F1 and accuracy over all pages, and the per-page counts (worst first).</summary>
    public static SnippetEvalResult Run(string directory, int workers = 1, CancellationToken cancellationToken = default)
    {
        var index = Path.Combine(directory, "evaldata.json");
        if (!File.Exists(index))
            throw new InvalidDataException($"'{directory}' holds no evaldata.json; pass the folder with evaldata.json and pages/FILE.gz");
        var entries = new List<(string File, string[] With, string[] Without)>();
        using (var json = JsonDocument.Parse(File.ReadAllBytes(index)))
        {
            foreach (var p in json.RootElement.EnumerateObject())
            {
                var file = p.Value.GetProperty("file").GetString() ?? "";
                entries.Add((file, Strings(p.Value, "with"), Strings(p.Value, "without")));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        var pages = new SnippetPageScore[entries.Count];
        Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = cancellationToken }, i =>
        {
            var (file, with, without) = entries[i];
            var path = Path.Combine(directory, "pages", file + ".gz");
            string text = File.Exists(path) ? Normalise(MainTextExtractor.Extract(ReadPage(path), cancellationToken).Text) : "";
            int tp = with.Count(s => text.Contains(Normalise(s), StringComparison.Ordinal));
            int fp = without.Count(s => text.Contains(Normalise(s), StringComparison.Ordinal));
            pages[i] = new SnippetPageScore(file, tp, with.Length - tp, fp, without.Length - fp);
        });
        int TP = pages.Sum(x => x.TruePositives), FN = pages.Sum(x => x.FalseNegatives);
        int FP = pages.Sum(x => x.FalsePositives), TN = pages.Sum(x => x.TrueNegatives);
        double precision = TP + FP == 0 ? 0 : (double)TP / (TP + FP), recall = TP + FN == 0 ? 0 : (double)TP / (TP + FN);
        double accuracy = TP + FN + FP + TN == 0 ? 0 : (double)(TP + TN) / (TP + FN + FP + TN);
        var worst = pages.OrderByDescending(x => x.FalseNegatives + x.FalsePositives).ThenBy(x => x.Page, StringComparer.Ordinal).ToList();
        return new SnippetEvalResult(pages.Length, TP, FN, FP, TN, precision, recall, ExtractionScore.F1(precision, recall), accuracy, worst);
    }

    /// <summary>The decoded HTML of one gzipped page (BOM, &lt;meta charset&gt;, UTF-8, then windows-1252).</summary>
    public static string ReadPage(string gzPath)
    {
        using var gz = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return CharsetDecoder.Decode(ms.GetBuffer().AsSpan(0, (int)ms.Length), null, sniffHtml: true, out _);
    }

    /// <summary>Whitespace runs (including no-break spaces) collapsed to one space, trimmed.</summary>
    internal static string Normalise(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0') { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string[] Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToArray()
            : [];
}
