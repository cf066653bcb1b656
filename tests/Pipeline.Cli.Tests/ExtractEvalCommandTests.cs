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

    [Fact]
    public async Task ExtractEval_BothSets_PrintsShingleAndSnippetFigures()
    {
        using var dir = new TempDir();
        var page = Directory.CreateDirectory(dir.File("pages/one")).FullName;
        File.WriteAllText(Path.Combine(page, "source.html"), Article);
        File.WriteAllText(Path.Combine(page, "expected.html"), "<div><h1>Valleys</h1><p>Rivers carve valleys over thousands of years, removing rock grain by grain, and the shape of a valley tells the story of the water.</p><p>Young rivers in mountains cut steep valleys, while old rivers on plains wander, meander and build wide floodplains with oxbow lakes.</p></div>");
        Directory.CreateDirectory(dir.File("snippets/pages"));
        using (var gz = new GZipStream(File.Create(dir.File("snippets/pages/one.html.gz")), CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(Article));
        File.WriteAllText(dir.File("snippets/evaldata.json"), """{"https://x.example/": {"file": "one.html", "with": ["old rivers on plains wander"], "without": ["Impressum", "Home"]}}""");

        var (code, output, _) = await CliRunner.RunAsync("extract-eval", "--pages", dir.File("pages"), "--snippets", dir.File("snippets"), "--workers", "1");

        Assert.Equal(0, code);
        Assert.Contains("pages 1  precision 1.0000  recall 1.0000  F1 1.0000", output, StringComparison.Ordinal);
        Assert.Contains("snippet pages 1  precision 1.0000  recall 1.0000  F1 1.0000  accuracy 1.0000  (tp 1 fn 0 fp 0 tn 2", output, StringComparison.Ordinal);
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
