using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>The three corpora of pipelines/examples/shared-corpora.json, read with the DAG's own source steps and options.</summary>
public sealed class SharedCorporaLicenceTests
{
    [SharedDataFact("corpora/sotu.jsonl")]
    public async Task SharedCorpora_SourceSteps_LicencesDeclaredAndSotuFieldsKept()
    {
        using var dir = new TempDir();
        var dag = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "pipelines", "examples", "shared-corpora.json")))!;
        var pipelines = Path.Combine(SharedData.RepoRoot, "pipelines", "examples");
        var steps = new JsonArray();
        foreach (var id in new[] { "shakespeare", "moby_dick", "sotu" })
        {
            var step = dag["steps"]!.AsArray().Single(s => (string)s!["id"]! == id)!.DeepClone();
            var paths = step["with"]!["paths"]!.AsArray();
            for (int i = 0; i < paths.Count; i++) paths[i] = Path.GetFullPath(Path.Combine(pipelines, (string)paths[i]!));
            steps.Add(step);
        }
        steps.Add(JsonNode.Parse("""{ "id": "out", "uses": "sink.jsonl", "needs": ["shakespeare", "moby_dick", "sotu"], "with": { "path": "docs.jsonl" } }"""));
        var small = new JsonObject { ["name"] = "corpora", ["output_dir"] = "out", ["steps"] = steps };
        File.WriteAllText(dir.File("dag.json"), small.ToJsonString());
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);

        (code, var output, err) = await CliRunner.RunAsync("provenance", "licences", Path.Combine(dir.Path, "out", "provenance.duckdb"), "--format", "csv");

        Assert.True(code == 0, err);
        Assert.DoesNotContain("unknown,", output, StringComparison.Ordinal);
        Assert.Contains("PDM-1.0,", output, StringComparison.Ordinal);
        Assert.Contains("CC0-1.0,", output, StringComparison.Ordinal);
        (_, output, _) = await CliRunner.RunAsync("provenance", "query", Path.Combine(dir.Path, "out", "provenance.duckdb"),
            "SELECT domain, licence, count(*) AS n FROM documents GROUP BY ALL ORDER BY domain", "--format", "csv");
        var rows = output.ReplaceLineEndings("\n").TrimEnd().Split('\n').Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["moby_dick", "shakespeare", "sotu"], rows.Select(r => r[0]));
        Assert.Equal(["CC0-1.0", "PDM-1.0", "CC0-1.0"], rows.Select(r => r[1]));
        var sotu = File.ReadLines(Path.Combine(dir.Path, "out", "docs.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("metadata"))
            .Where(m => m.TryGetProperty("domain", out var d) && d.GetString() == "sotu").ToList();
        Assert.NotEmpty(sotu);
        Assert.All(sotu, m =>
        {
            Assert.True(m.TryGetProperty("year", out _));
            Assert.True(m.TryGetProperty("name", out _));
            Assert.True(m.TryGetProperty("party", out _));
        });
    }
}
