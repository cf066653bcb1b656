using Pipeline.Core.Dag;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;

namespace Pipeline.Provenance.Tests;

/// <summary>The test DAG: source → min_length (rejected → rejected.jsonl) → redact → exact_dedup → kept.jsonl → shards.</summary>
public static class TestDag
{
    public static string Text(int count, string name = "prov-test", string outputDir = "out") => $$"""
        {
          "name": "{{name}}",
          "output_dir": "{{outputDir}}",
          "batch_size": 64,
          "steps": [
            { "id": "gen", "uses": "test.source", "with": { "count": {{count}} } },
            { "id": "short", "uses": "test.min_length", "needs": ["gen"], "with": { "min_chars": 40 }, "workers": 2 },
            { "id": "rejects", "uses": "test.jsonl", "needs": ["short.rejected"], "with": { "path": "rejected.jsonl" } },
            { "id": "redact", "uses": "test.redact", "needs": ["short"] },
            { "id": "dedup", "uses": "test.exact_dedup", "needs": ["redact"] },
            { "id": "keep", "uses": "test.jsonl", "needs": ["dedup"], "with": { "path": "kept.jsonl" } },
            { "id": "shards", "uses": "test.shards", "needs": ["keep"] }
          ]
        }
        """;

    public static DagPlan Plan(string dir, int count, int taskIndex = 0, int taskCount = 1)
    {
        var path = Path.Combine(dir, "dag.json");
        if (!File.Exists(path)) File.WriteAllText(path, Text(count));
        var (plan, errors) = DagValidator.Validate(DagFile.Load(path), TestSteps.Registry());
        if (plan is null) throw new InvalidOperationException(string.Join("\n", errors));
        return plan;
    }

    public static async Task<RunResult> RunAsync(string dir, int count, int taskIndex = 0, int taskCount = 1)
    {
        var plan = Plan(dir, count);
        var result = await DagRunner.RunAsync(plan, new RunOptions
        {
            TaskIndex = taskIndex,
            TaskCount = taskCount,
            Force = true,
            LedgerFactory = ProvenanceModule.LedgerFactory(new LedgerOptions { Mappings = Mappings() }),
        }, CancellationToken.None);
        if (result.Status != RunStatus.Completed) throw new InvalidOperationException($"run {result.Status}: {result.Error}");
        return result;
    }

    /// <summary>The ledger mappings of every module the test steps write records of.</summary>
    public static Pipeline.Core.Ledger.LedgerMappings Mappings() => new Pipeline.Core.Ledger.LedgerMappings()
        .Add(Ingest.IngestModule.LedgerMappings())
        .Add(Filters.FiltersModule.LedgerMappings())
        .Add(Dedup.DedupModule.LedgerMappings())
        .Add(Tokens.TokensModule.LedgerMappings())
        .Add(Train.TrainModule.LedgerMappings());

    public static string Ledger(string dir, int taskIndex = 0, int taskCount = 1) =>
        ProvenanceModule.LedgerPath(new RunInfo("x", "x", dir, Path.Combine(dir, "out"), taskIndex, taskCount));
}
