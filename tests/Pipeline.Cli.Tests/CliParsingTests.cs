using System.CommandLine;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>Issue 17, defect 2: the command line (System.CommandLine): help for every group, suggestions, `steps NAME`, values as written.</summary>
public sealed class CliParsingTests
{
    [Theory]
    [InlineData("provenance", new[] { "query", "trace", "licences", "takedown", "merge" })]
    [InlineData("tokenizer", new[] { "train", "encode" })]
    [InlineData("classifier", new[] { "train", "eval" })]
    [InlineData("dedup", new[] { "cluster" })]
    [InlineData("pii", new[] { "eval", "train" })]
    [InlineData("tokens", new[] { "inspect" })]
    [InlineData("stats", new[] { "merge" })]
    [InlineData("submit", new[] { "slurm", "k8s" })]
    public async Task Help_CommandGroup_Exit0AndListsSubcommands(string group, string[] subcommands)
    {
        var (code, output, err) = await CliRunner.RunAsync(group, "--help");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.DoesNotContain("unknown command", output, StringComparison.Ordinal);
        foreach (var sub in subcommands) Assert.Contains($"  {sub} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryCommand_Exit0WithItsOptions()
    {
        var root = CliApp.BuildRoot();
        var paths = new List<string[]>();
        void Walk(Command c, string[] path)
        {
            foreach (var sub in c.Subcommands)
            {
                string[] p = [.. path, sub.Name];
                paths.Add(p);
                Walk(sub, p);
            }
        }
        Walk(root, []);
        Assert.True(paths.Count >= 25, $"only {paths.Count} commands");
        foreach (var path in paths)
        {
            var (code, output, _) = await CliRunner.RunAsync([.. path, "--help"]);
            Assert.True(code == 0, $"pipeline {string.Join(' ', path)} --help exited {code}");
            Assert.Contains($"pipeline {string.Join(' ', path)}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_HelpWord_SameAsHelpOption()
    {
        var (code, output, _) = await CliRunner.RunAsync("help", "provenance");
        Assert.Equal(0, code);
        Assert.Contains("  takedown ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MisspelledOption_SuggestsNearestExit2()
    {
        using var dir = new TempDir();
        var dag = WriteDag(dir);
        var (code, _, err) = await CliRunner.RunAsync("run", dag, "--forse");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --forse; did you mean --force?", err, StringComparison.Ordinal);
        Assert.DoesNotContain("needs a value", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")), "nothing may run on a usage error");
    }

    [Fact]
    public async Task Run_UnknownOptionBeforeDag_NamesTheOptionExit2()
    {
        using var dir = new TempDir();
        var dag = WriteDag(dir);
        var (code, _, err) = await CliRunner.RunAsync("run", "--bogus", dag);
        Assert.Equal(2, code);
        Assert.Contains("unknown option --bogus", err, StringComparison.Ordinal);
        Assert.DoesNotContain("missing argument", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Run_BadOptionValue_Exit2WithoutStackTrace()
    {
        var (code, _, err) = await CliRunner.RunAsync("run", "d.json", "--progress-every", "soon");
        Assert.Equal(2, code);
        Assert.Contains("--progress-every expects a number, got 'soon'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provenanc", "provenance")]
    [InlineData("tokenzer", "tokenizer")]
    public async Task UnknownCommand_SuggestsNearestExit2(string typed, string meant)
    {
        var (code, _, err) = await CliRunner.RunAsync(typed, "--help");
        Assert.Equal(2, code);
        Assert.Contains($"unknown command '{typed}'; did you mean '{meant}'?", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSubcommand_SuggestsNearestExit2()
    {
        var (code, _, err) = await CliRunner.RunAsync("provenance", "trce", "x.duckdb", "id");
        Assert.Equal(2, code);
        Assert.Contains("unknown command 'trce'; did you mean 'trace'?", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_WithoutSubcommand_PrintsItsHelpExit2()
    {
        var (code, _, err) = await CliRunner.RunAsync("provenance");
        Assert.Equal(2, code);
        Assert.Contains("  query ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_Name_ShowsThatStepOnly()
    {
        var (code, output, _) = await CliRunner.RunAsync("steps", "filters.pii");
        Assert.Equal(0, code);
        Assert.StartsWith("filters.pii ", output, StringComparison.Ordinal);
        Assert.Contains("drop_min_count", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ingest.warc", output, StringComparison.Ordinal);

        (code, output, _) = await CliRunner.RunAsync("steps", "filters.pii", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("filters.pii", doc.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Steps_UnknownName_SuggestsNearestExit2()
    {
        var (code, output, err) = await CliRunner.RunAsync("steps", "filters.pi");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("unknown step 'filters.pi'; did you mean 'filters.pii'?", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_Values_PrintAsWrittenInJson()
    {
        var (code, text, _) = await CliRunner.RunAsync("steps");
        Assert.Equal(0, code);
        var (code2, json, _) = await CliRunner.RunAsync("steps", "--json");
        Assert.Equal(0, code2);
        foreach (var output in new[] { text, json })
        {
            Assert.Contains("application/xhtml+xml", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u002B", output, StringComparison.Ordinal);
            Assert.DoesNotContain("E+18", output, StringComparison.Ordinal);
            Assert.Contains("9223372036854775807", output, StringComparison.Ordinal);
        }
        using var doc = JsonDocument.Parse(json);
        var seed = doc.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "train.gpt")
            .GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "seed");
        Assert.Equal(long.MaxValue, seed.GetProperty("maximum").GetInt64());
        Assert.Equal(1337, seed.GetProperty("default").GetInt64());
    }

    private static string WriteDag(TempDir dir)
    {
        var path = dir.File("d.json");
        File.WriteAllText(path, """
        { "name": "d", "output_dir": "out", "steps": [
          { "id": "gen", "uses": "ingest.synthetic_web", "with": { "count": 10 } },
          { "id": "sink", "uses": "sink.jsonl", "needs": ["gen"] } ] }
        """);
        return path;
    }
}
