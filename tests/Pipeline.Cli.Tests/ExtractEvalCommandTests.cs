using System.IO.Compression;
using System.Text;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Cli.Tests;

public sealed class ExtractEvalCommandTests
{
    private const string Article = "<html><body><nav><a href=/>Home</a></nav><article><h1>Valleys</h1>" +
        "<p>Rivers carve valleys over thousands of years, removing rock grain by grain, and the shape of a valley tells the story of the water.</p>" +
        "<p>Young rivers in mountains cut steep valleys, while old rivers on plains wander, meander and build wide floodplains with oxbow lakes.</p>" +
        "</article><footer>Impressum</footer></body></html>";

    private static void WriteDevSets(string pagesDir, string snippetsDir)
    {
        var page = Directory.CreateDirectory(Path.Combine(pagesDir, "one")).FullName;
        File.WriteAllText(Path.Combine(page, "source.html"), Article);
        File.WriteAllText(Path.Combine(page, "expected.html"), "<div><h1>Valleys</h1><p>Rivers carve valleys over thousands of years, removing rock grain by grain, and the shape of a valley tells the story of the water.</p><p>Young rivers in mountains cut steep valleys, while old rivers on plains wander, meander and build wide floodplains with oxbow lakes.</p></div>");
        Directory.CreateDirectory(Path.Combine(snippetsDir, "pages"));
        using (var gz = new GZipStream(File.Create(Path.Combine(snippetsDir, "pages/one.html.gz")), CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(Article));
        File.WriteAllText(Path.Combine(snippetsDir, "evaldata.json"), """{"https://x.example/": {"file": "one.html", "with": ["old rivers on plains wander"], "without": ["Impressum", "Home"]}}""");
    }

    [Fact]
    public async Task ExtractEval_BothSets_PrintsShingleAndSnippetFigures()
    {
        using var dir = new TempDir();
        WriteDevSets(dir.File("pages"), dir.File("snippets"));

        var (code, output, _) = await CliRunner.RunAsync("extract-eval", "--pages", dir.File("pages"), "--snippets", dir.File("snippets"), "--workers", "1");

        Assert.Equal(0, code);
        Assert.Contains("pages 1  precision 1.0000  recall 1.0000  F1 1.0000", output, StringComparison.Ordinal);
        Assert.Contains("snippet pages 1  precision 1.0000  recall 1.0000  F1 1.0000  accuracy 1.0000  (tp 1 fn 0 fp 0 tn 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractEval_NoFolderNamedAndSharedDataVariableSet_ScoresTheSetsUnderTheVariable()
    {
        // A scheduler or CI job runs from anywhere and points PIPELINE_SHARED_DATA at the data (as the tests do); before,
        // the defaults were only ../shared/data from the working directory, so this run found neither set and exited 2.
        using var dir = new TempDir();
        WriteDevSets(dir.File("data/extraction-dev/pages"), dir.File("data/extraction-dev/trafilatura-eval"));
        Directory.CreateDirectory(dir.File("elsewhere"));

        var (code, output, error) = await CliRunner.RunProcessAsync(dir.File("elsewhere"), new Dictionary<string, string?> { ["PIPELINE_SHARED_DATA"] = dir.File("data") }, "extract-eval", "--workers", "1");

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Contains("pages 1  precision 1.0000  recall 1.0000  F1 1.0000", output, StringComparison.Ordinal);
        Assert.Contains("snippet pages 1  precision 1.0000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractEval_NamedSnippetFolderMissing_Exit2()
    {
        using var dir = new TempDir();
        var (code, _, err) = await CliRunner.RunAsync("extract-eval", "--snippets", dir.File("absent"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }
}
