using Pipeline.Testing;
using Xunit;

namespace Pipeline.Cli.Tests;

public sealed class DedupEvalCommandTests
{
    private const string Text = "Rivers carve valleys over thousands of years, removing rock grain by grain, and the shape of a valley tells the story of the water. " +
        "Young rivers in mountains cut steep valleys, while old rivers on plains wander, meander and build wide floodplains with oxbow lakes.";

    [Fact]
    public async Task DedupEval_SyntheticAndDevSet_PrintsBothTruthsAndGuard()
    {
        using var dir = new TempDir();
        foreach (var page in new[] { "one", "two" })
        {
            var d = Directory.CreateDirectory(dir.File("pages/" + page)).FullName;
            var text = page == "one" ? Text : "A page about something else entirely: bread, flour, water, salt and a long slow rise overnight in a cool kitchen before baking.";
            File.WriteAllText(Path.Combine(d, "source.html"), $"<html><body><article><p>{text}</p></article></body></html>");
            File.WriteAllText(Path.Combine(d, "expected.html"), $"<div><p>{text}</p></div>");
        }

        var (code, output, _) = await CliRunner.RunAsync("dedup", "eval", "--synthetic", "300", "--pages", dir.File("pages"), "--readability-script", dir.File("absent.py"));

        Assert.Equal(0, code);
        Assert.Contains("synthetic (300 documents): P=", output, StringComparison.Ordinal);
        Assert.Contains("readability-lxml variant left out", output, StringComparison.Ordinal);
        // each page's two variants are identical: one removal per page, no cross-page pair, both truths agree
        Assert.Contains("dev set, all pages (4 documents), exact-Jaccard truth: P=1.0000 R=1.0000 F1=1.0000 (removed 2, truth pairs 2)", output, StringComparison.Ordinal);
        Assert.Contains("dev set, all pages (4 documents), same-page truth: P=1.0000 R=1.0000 F1=1.0000", output, StringComparison.Ordinal);
        Assert.Contains("largest cluster 2 (min pair similarity 1.000)", output, StringComparison.Ordinal);
        Assert.Contains("same-page pairs below the threshold 0 of 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DedupEval_NoPagesNamedAndSharedDataVariableSet_ScoresThePagesUnderTheVariable()
    {
        // Before, the default was only ../shared/data from the working directory: this run printed "skipped" and scored nothing.
        using var dir = new TempDir();
        var page = Directory.CreateDirectory(dir.File("data/extraction-dev/pages/one")).FullName;
        File.WriteAllText(Path.Combine(page, "source.html"), $"<html><body><article><p>{Text}</p></article></body></html>");
        File.WriteAllText(Path.Combine(page, "expected.html"), $"<div><p>{Text}</p></div>");
        Directory.CreateDirectory(dir.File("elsewhere"));

        var (code, output, error) = await CliRunner.RunProcessAsync(dir.File("elsewhere"), new Dictionary<string, string?> { ["PIPELINE_SHARED_DATA"] = dir.File("data") }, "dedup", "eval", "--synthetic", "0");

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.DoesNotContain("skipped", output, StringComparison.Ordinal);
        Assert.Contains("dev set, all pages (2 documents), exact-Jaccard truth: P=1.0000 R=1.0000 F1=1.0000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DedupEval_NamedPagesFolderMissing_Exit2()
    {
        using var dir = new TempDir();
        var (code, _, err) = await CliRunner.RunAsync("dedup", "eval", "--synthetic", "0", "--pages", dir.File("absent"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }
}
