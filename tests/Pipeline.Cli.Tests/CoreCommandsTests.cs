using System.Diagnostics;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class CoreCommandsTests
{
    [Fact]
    public async Task Validate_DagWithThreeMistakes_PrintsThreePathQualifiedErrorsAndExits2()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.json"), """
        { "name": "bad", "steps": [
          { "id": "web", "uses": "ingest.synthetic_wbe", "with": { "count": 10 } },
          { "id": "len", "uses": "filters.length", "needs": ["web"], "with": { "min_charz": 10 } },
          { "id": "out", "uses": "sink.jsonl", "needs": ["lenn"] }
        ] }
        """);
        var (code, _, err) = await CliRunner.RunAsync("validate", dir.File("bad.json"));
        Assert.Equal(2, code);
        Assert.Contains("3 problem(s)", err, StringComparison.Ordinal);
        Assert.Contains("$.steps[0].uses: unknown step (got 'ingest.synthetic_wbe'); did you mean 'ingest.synthetic_web'?", err, StringComparison.Ordinal);
        Assert.Contains("$.steps[1].with.min_charz: unknown option for filters.length", err, StringComparison.Ordinal);
        Assert.Contains("$.steps[2].needs[0]: unknown step id in needs (got 'lenn'); did you mean 'len'?", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MalformedGateRule_Exit2BeforeAnythingRuns()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("gates.json"), """
        { "name": "gates", "output_dir": "out", "fail_on": ["perplexity.sotu > 80", "spikes >> 3"], "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 10 } },
          { "id": "out", "uses": "sink.jsonl", "needs": ["web"] }
        ] }
        """);
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("gates.json"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("2 problem(s)", err, StringComparison.Ordinal);
        Assert.Contains("$.fail_on[0]: no audit step in this DAG produces 'perplexity.sotu'", err, StringComparison.Ordinal);
        Assert.Contains("$.fail_on[1]", err, StringComparison.Ordinal);
        Assert.Contains("spikes >> 3", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")), "nothing may run when the DAG is invalid");
    }

    [Fact]
    public async Task Run_SmallDag_WritesOutputsAndBalancedStats()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "small", "output_dir": "out", "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 500, "seed": 3 } },
          { "id": "len", "uses": "filters.length", "needs": ["web"], "workers": 2, "with": { "min_words": 60 } },
          { "id": "rejected", "uses": "sink.jsonl", "needs": ["len.rejected"], "with": { "path": "rejected.jsonl" } },
          { "id": "kept", "uses": "sink.parquet", "needs": ["len"], "with": { "path": "kept.parquet" } }
        ] }
        """);
        var (code, stdout, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(dir.File("out/kept.parquet")));
        using var stats = JsonDocument.Parse(File.ReadAllText(dir.File("out/stats.json")));
        var steps = stats.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        foreach (var s in steps.Values)
            Assert.Equal(s.GetProperty("in").GetInt64(), s.GetProperty("out").GetInt64() + s.GetProperty("dropped").GetInt64() + s.GetProperty("errors").GetInt64());
        Assert.Equal(500, steps["web"].GetProperty("out").GetInt64());
        Assert.Equal(steps["len"].GetProperty("dropped").GetInt64(), File.ReadAllLines(dir.File("out/rejected.jsonl")).Length);
        Assert.Equal(steps["len"].GetProperty("out").GetInt64(), steps["kept"].GetProperty("in").GetInt64());
    }

    [Fact]
    public async Task Steps_Json_ListsEveryRegisteredStepWithOptions()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("steps", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var names = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("ingest.jsonl", names);
        Assert.Contains("sink.parquet", names);
        var synth = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "ingest.synthetic_web");
        Assert.Contains(synth.GetProperty("options").EnumerateArray(), o => o.GetProperty("name").GetString() == "count" && o.GetProperty("description").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Schema_IsUpToDateWithTheCommittedFile()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("schema");
        Assert.Equal(0, code);
        var committed = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "pipelines", "pipeline.schema.json"));
        Assert.True(committed.Trim() == stdout.Trim(), "pipelines/pipeline.schema.json is stale: run `pipeline schema --output pipelines/pipeline.schema.json`");
        using var doc = JsonDocument.Parse(stdout);
        var uses = doc.RootElement.GetProperty("properties").GetProperty("steps").GetProperty("items").GetProperty("properties").GetProperty("uses").GetProperty("enum");
        Assert.Contains(uses.EnumerateArray(), u => u.GetString() == "ingest.synthetic_web");
    }

    [Fact]
    public async Task EveryCommittedPipeline_Validates()
    {
        // pipelines/*.json run on a fresh clone (no ../shared); only pipelines/examples/ may need ../shared/data
        var own = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "pipelines"), "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(own);
        foreach (var file in own)
        {
            Assert.False(File.ReadAllText(file).Contains("shared/data", StringComparison.Ordinal), $"{file} needs ../shared/data: move it to pipelines/examples/");
            var (code, _, err) = await CliRunner.RunAsync("validate", file);
            Assert.True(code == 0, $"{file}: {err}");
        }
    }

    [SharedDataFact("")]
    public async Task EveryExamplePipeline_ValidatesWhereSharedDataExists()
    {
        var examples = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "pipelines", "examples"), "*.json");
        Assert.NotEmpty(examples);
        foreach (var file in examples)
        {
            var (code, _, err) = await CliRunner.RunAsync("validate", file);
            Assert.True(code == 0, $"{file}: {err}");
        }
    }

    [Fact]
    public async Task UnknownCommandAndMissingFile_Exit2()
    {
        Assert.Equal(2, (await CliRunner.RunAsync("rnu")).Code);
        var (code, _, err) = await CliRunner.RunAsync("run", "/nonexistent/dag.json");
        Assert.Equal(2, code);
        Assert.Contains("not found", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Sigterm_StopsCleanlyWithExitCode130()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "long", "output_dir": "out", "ledger": false, "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 10000000 } },
          { "id": "kept", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "all.jsonl" } }
        ] }
        """);
        using var p = CliRunner.Start(dir.Path, "run", "dag.json");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.Exists(dir.File("out")) && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(1500);
        Assert.False(p.HasExited, p.HasExited ? p.StandardError.ReadToEnd() : "");
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        Assert.True(p.WaitForExit(30_000), "the run did not stop within 30 s of SIGTERM");
        Assert.Equal(130, p.ExitCode);
        Assert.False(File.Exists(dir.File("out/all.jsonl")), "a half-written output was published");
        Assert.Empty(Directory.GetFiles(dir.File("out"), "*.tmp-*"));
    }
}
