using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class FiltersCommandsTests
{
    private static string NearMisses => Path.Combine(SharedData.RepoRoot, "tests", "Pipeline.Filters.Tests", "Data", "pii-near-misses.json");

    [Fact]
    public async Task PiiEval_OptInTypes_ScoresOnlyThoseTypes()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("pii", "eval", "--data", NearMisses, "--types", "PERSON,STREET_ADDRESS");
        Assert.Equal(0, code);
        Assert.Contains("PERSON", stdout, StringComparison.Ordinal);
        Assert.Contains("STREET_ADDRESS", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CREDIT_CARD", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--types", "NICKNAME")]
    [InlineData("--split", "sometimes")]
    public async Task PiiEval_BadOption_Exit2WithMessage(string option, string value)
    {
        var (code, _, err) = await CliRunner.RunAsync("pii", "eval", "--data", NearMisses, option, value);
        Assert.Equal(2, code);
        Assert.Contains(value, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PiiTrain_OneFold_Exit2BeforeTraining()
    {
        using var dir = new TempDir();
        var (code, _, err) = await CliRunner.RunAsync("pii", "train", "--data", NearMisses, "--folds", "1", "--output", dir.File("m.bin"));
        Assert.Equal(2, code);
        Assert.Contains("--folds", err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.bin")));
    }

    [Fact]
    public async Task PiiTrain_FoldsWithErrors_PrintsEachFoldAndItsErrors()
    {
        using var dir = new TempDir();
        var (code, stdout, _) = await CliRunner.RunAsync("pii", "train", "--data", NearMisses, "--folds", "2", "--errors", "--output", dir.File("m.bin"));
        Assert.Equal(0, code);
        Assert.Contains("fold 1/2 pii-near-misses.json PERSON f1 ", stdout, StringComparison.Ordinal);
        Assert.Contains("fold 2/2 pii-near-misses.json PERSON f1 ", stdout, StringComparison.Ordinal);
        Assert.Contains("2-fold pii-near-misses.json PERSON", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(missed|false\+) (PERSON|STREET_ADDRESS) record \d+: '", stdout);
    }

    [Fact]
    public async Task PiiTrain_CorpusLineNotJson_Exit2WithFileAndLine()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("corpus.jsonl"), ["{\"text\": \"Plain words here.\"}", "not json"]);
        var (code, _, err) = await CliRunner.RunAsync("pii", "train", "--data", NearMisses, "--corpus", dir.File("corpus.jsonl"), "--output", dir.File("m.bin"));
        Assert.Equal(2, code);
        Assert.Contains("corpus.jsonl: line 2", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.bin")));
    }

    [Fact]
    public async Task ClassifierEval_NoModel_UsesBuiltInAtItsThreshold()
    {
        using var dir = new TempDir();
        var lines = new List<string> { "comment;label" };
        for (int i = 0; i < 40; i++)
        {
            lines.Add($"shut up you stupid fucking idiot number {i};1");
            lines.Add($"thanks for the lovely recipe, it worked well {i};0");
        }
        File.WriteAllLines(dir.File("c.csv"), lines);
        var (code, stdout, err) = await CliRunner.RunAsync("classifier", "eval", "--data", dir.File("c.csv"), "--delimiter", ";",
            "--text-column", "comment", "--label-column", "label", "--held-out", "0.5", "--json");
        Assert.True(code == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("classifier").GetProperty("f1").GetDouble() >= 0.9, stdout);
    }

    [Fact]
    public async Task ClassifierTrainSpec_NegativesOnlySource_PrintsShareKept()
    {
        using var dir = new TempDir();
        var lines = new List<string> { "text,label" };
        var neutral = new List<string>();
        for (int i = 0; i < 100; i++)
        {
            lines.Add($"you nasty rotten creep {i},1");
            lines.Add($"what a lovely sunny garden {i},0");
            neutral.Add($$"""{"text": "The women of the town {{i}} opened a lovely new library."}""");
        }
        File.WriteAllLines(dir.File("a.csv"), lines);
        File.WriteAllLines(dir.File("n.jsonl"), neutral);
        File.WriteAllText(dir.File("spec.json"), """
            {"sources": [{"name": "a", "path": "a.csv", "text_column": "text", "label_column": "label", "positive": ["1"]},
                         {"name": "neutral", "path": "n.jsonl", "format": "jsonl", "text_column": "text", "all_negative": true, "share": 0.2}],
             "bits": 12, "epochs": 2}
            """);
        var (code, stdout, err) = await CliRunner.RunAsync("classifier", "train", "--spec", dir.File("spec.json"), "--output", dir.File("m.bin"));
        Assert.True(code == 0, err);
        Assert.Matches(@"neutral\s+kept 1\.0000 \(no positives\)", stdout);
        Assert.DoesNotContain("neutral     precision", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassifierTrain_MissingSpec_Exit2()
    {
        using var dir = new TempDir();
        var (code, _, err) = await CliRunner.RunAsync("classifier", "train", "--spec", dir.File("nope.json"), "--output", dir.File("m.bin"));
        Assert.Equal(2, code);
        Assert.Contains("nope.json", err, StringComparison.Ordinal);
    }
}
