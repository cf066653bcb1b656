using Pipeline.Core.Dag;
using Pipeline.Core.Running;
using Pipeline.Core.Tests.Fakes;

namespace Pipeline.Core.Tests;

internal static class DagTestHelper
{
    public static DagPlan Plan(string dir, string json)
    {
        var path = Path.Combine(dir, "dag.json");
        File.WriteAllText(path, json);
        var (plan, errors) = DagValidator.Validate(DagFile.Load(path), TestRegistry.Create());
        Assert.True(plan is not null, string.Join("\n", errors));
        return plan!;
    }

    public static IReadOnlyList<DagError> Errors(string dir, string json)
    {
        var path = Path.Combine(dir, "dag.json");
        File.WriteAllText(path, json);
        return DagValidator.Validate(DagFile.Load(path), TestRegistry.Create()).Errors;
    }

    public static Task<RunResult> RunAsync(DagPlan plan, RunOptions? options = null, CancellationToken ct = default) =>
        DagRunner.RunAsync(plan, options ?? new RunOptions(), ct);
}
