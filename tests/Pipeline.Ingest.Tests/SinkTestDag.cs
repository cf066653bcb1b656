using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Tests;

/// <summary>Real DAG runs for the I/O tests: IngestModule plus a pass-through processor.</summary>
internal static class SinkTestDag
{
    public static StepRegistry Registry()
    {
        var r = new StepRegistry();
        IngestModule.Register(r);
        r.AddProcessor<PassOptions>("test.pass", "Keeps every document (tags it)", o => new Pass(o));
        return r;
    }

    public static DagPlan Plan(string dir, string json)
    {
        var path = Path.Combine(dir, "dag.json");
        File.WriteAllText(path, json);
        var (plan, errors) = DagValidator.Validate(DagFile.Load(path), Registry());
        Assert.True(plan is not null, string.Join("\n", errors));
        return plan!;
    }

    public static IReadOnlyList<DagError> Errors(string dir, string json)
    {
        var path = Path.Combine(dir, "dag.json");
        File.WriteAllText(path, json);
        return DagValidator.Validate(DagFile.Load(path), Registry()).Errors;
    }

    public static async Task<RunResult> RunAsync(string dir, string json, int taskIndex = 0, int taskCount = 1)
    {
        var result = await DagRunner.RunAsync(Plan(dir, json), new RunOptions { TaskIndex = taskIndex, TaskCount = taskCount }, CancellationToken.None);
        Assert.True(result.Status == RunStatus.Completed, result.Error?.ToString());
        return result;
    }

    public sealed class PassOptions
    {
        public string Tag { get; init; } = "";
    }

    private sealed class Pass(PassOptions o) : ProcessorStep
    {
        public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(o.Tag.Length == 0 ? Outcome.Keep(document) : Outcome.Modify(document.WithMeta("tag", o.Tag), "test:tag"));
    }
}
