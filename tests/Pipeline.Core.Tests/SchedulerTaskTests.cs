using System.Text.Json.Nodes;
using Pipeline.Core.Running;
using Pipeline.Testing;

namespace Pipeline.Core.Tests;

public sealed class SchedulerTaskTests
{
    private const string Dag = """
        { "name": "t", "output_dir": "out", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": 10 } },
          { "id": "sink", "uses": "test.lines", "needs": ["src"], "with": { "path": "docs.txt" } }
        ] }
        """;

    [Fact]
    public async Task Run_Task_MarkerRecordsDagHashIndexAndCount()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, Dag);
        var r = await DagTestHelper.RunAsync(plan, new RunOptions { TaskIndex = 2, TaskCount = 4 });
        Assert.Equal(RunStatus.Completed, r.Status);
        var marker = TaskMarker.Read(DagRunner.MarkerPath(plan.File.OutputDir, 2, 4));
        Assert.NotNull(marker);
        Assert.Equal(plan.File.Hash, marker.DagHash);
        Assert.Equal((2, 4, 0), (marker.TaskIndex, marker.TaskCount, marker.Stage));
        var stats = JsonNode.Parse(File.ReadAllText(r.StatsPath!))!;
        Assert.Equal(plan.File.Hash, stats["dag_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_ChangedDagAfterCompletion_RefusedWithExit2UnlessForce()
    {
        using var dir = new TempDir();
        var first = DagTestHelper.Plan(dir.Path, Dag);
        Assert.Equal(RunStatus.Completed, (await DagTestHelper.RunAsync(first, new RunOptions { TaskIndex = 1, TaskCount = 3 })).Status);
        var changed = DagTestHelper.Plan(dir.Path, Dag.Replace("\"count\": 10", "\"count\": 12", StringComparison.Ordinal));

        var refused = await DagTestHelper.RunAsync(changed, new RunOptions { TaskIndex = 1, TaskCount = 3 });
        Assert.Equal(RunStatus.Refused, refused.Status);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("another version of the DAG", refused.Error!.Message, StringComparison.Ordinal);

        var forced = await DagTestHelper.RunAsync(changed, new RunOptions { TaskIndex = 1, TaskCount = 3, Force = true });
        Assert.Equal(RunStatus.Completed, forced.Status);
        Assert.Equal(changed.File.Hash, TaskMarker.Read(DagRunner.MarkerPath(changed.File.OutputDir, 1, 3))!.DagHash);
        Assert.Equal(RunStatus.Skipped, (await DagTestHelper.RunAsync(changed, new RunOptions { TaskIndex = 1, TaskCount = 3 })).Status);
    }

    [Fact]
    public async Task Run_FolderHoldsAnotherTaskCount_RefusedWithExit2()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, Dag);
        await DagTestHelper.RunAsync(plan, new RunOptions { TaskIndex = 0, TaskCount = 4 });
        var r = await DagTestHelper.RunAsync(plan, new RunOptions { TaskIndex = 0, TaskCount = 2 });
        Assert.Equal(RunStatus.Refused, r.Status);
        Assert.Contains("fresh output_dir", r.Error!.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DagRunner.MarkerPath(plan.File.OutputDir, 0, 2)));
    }

    [Fact]
    public async Task Run_ForcedRerunFails_OldMarkerRemoved()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, Dag);
        await DagTestHelper.RunAsync(plan, new RunOptions { TaskIndex = 0, TaskCount = 2 });
        var failing = DagTestHelper.Plan(dir.Path, Dag.Replace("\"count\": 10", "\"count\": 10, \"fail_after\": 3", StringComparison.Ordinal));
        var r = await DagTestHelper.RunAsync(failing, new RunOptions { TaskIndex = 0, TaskCount = 2, Force = true });
        Assert.Equal(RunStatus.Failed, r.Status);
        Assert.False(File.Exists(DagRunner.MarkerPath(plan.File.OutputDir, 0, 2)));
    }

    [Fact]
    public async Task Run_Stages_Stage1WithoutBoundaryDownstreamStage3OwnsOnlyItsSteps()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, """
            { "name": "s", "output_dir": "out", "steps": [
              { "id": "src", "uses": "test.numbers", "with": { "count": 10 } },
              { "id": "early", "uses": "test.lines", "needs": ["src"], "with": { "path": "early.txt" } },
              { "id": "gate", "uses": "test.mod", "needs": ["src"], "with": { "modulus": 2 } },
              { "id": "late", "uses": "test.lines", "needs": ["gate"], "with": { "path": "late.txt" } }
            ] }
            """);
        static bool Boundary(Dag.PlannedStep s) => s.Id == "gate";
        var one = StageSelection.Select(plan, 1, Boundary);
        Assert.Equal(["src", "early"], one.Steps.Select(s => s.Id));
        var three = StageSelection.Select(plan, 3, Boundary);
        Assert.Equal(["src", "gate", "late"], three.Steps.Select(s => s.Id));
        Assert.Equal(["gate", "late"], three.Owned.Order(StringComparer.Ordinal));

        var r1 = await DagTestHelper.RunAsync(plan, new RunOptions { Stage = 1, StageBoundary = Boundary, TaskIndex = 0, TaskCount = 2 });
        var r3 = await DagTestHelper.RunAsync(plan, new RunOptions { Stage = 3, StageBoundary = Boundary, TaskIndex = 0, TaskCount = 2 });
        Assert.Equal(RunStatus.Completed, r3.Status);
        var outDir = plan.File.OutputDir;
        Assert.True(File.Exists(Path.Combine(outDir, "early.task-0000.txt")));
        Assert.True(File.Exists(Path.Combine(outDir, "late.task-0000.txt")));
        Assert.EndsWith("stats.stage1.task-0000.json", r1.StatsPath, StringComparison.Ordinal);
        Assert.Equal(["gate", "late"], r3.Stats.Select(s => s.StepId));
        Assert.True(File.Exists(TaskMarker.PathOf(outDir, 3, 0, 2)));
        Assert.Equal(RunStatus.Skipped, (await DagTestHelper.RunAsync(plan, new RunOptions { Stage = 1, StageBoundary = Boundary, TaskIndex = 0, TaskCount = 2 })).Status);
    }

    [Fact]
    public void TaskSet_Check_NamesMissingForeignAndDuplicates()
    {
        const string h = "aaaaaaaaaaaaaaaa", other = "bbbbbbbbbbbbbbbb";
        var complete = TaskSet.Check([new("t1", 1, 3, h), new("t0", 0, 3, h), new("t2", 2, 3, h)]);
        Assert.True(complete.Complete);
        Assert.Equal(["t0", "t1", "t2"], complete.Members.Select(m => m.Path));

        var missing = TaskSet.Check([new("t0", 0, 4, h), new("t1", 1, 4, h), new("t3", 3, 4, h)]);
        Assert.Equal([2], missing.Missing);
        Assert.Contains("missing task(s) 2", missing.Describe("signature files"), StringComparison.Ordinal);

        var mixed = TaskSet.Check([new("a0", 0, 4, h), new("a1", 1, 4, h), new("a2", 2, 4, h), new("a3", 3, 4, h), new("b0", 0, 2, h), new("c1", 1, 4, other), new("a1bis", 1, 4, h)]);
        Assert.Equal(4, mixed.TaskCount);
        Assert.Empty(mixed.Missing);
        Assert.Equal(2, mixed.Foreign.Count);
        Assert.Contains(mixed.Foreign, f => f.StartsWith("b0 (task 0 of 2", StringComparison.Ordinal));
        Assert.Contains(mixed.Foreign, f => f.StartsWith("c1 (task 1 of 4, DAG bbbbbbbbbbbb", StringComparison.Ordinal));
        Assert.Single(mixed.Duplicates);
        Assert.False(mixed.Complete);
    }

    [Fact]
    public async Task StatsMerge_TwoTasks_SumsCountersAndChecksTheSet()
    {
        using var dir = new TempDir();
        var plan = DagTestHelper.Plan(dir.Path, """
            { "name": "t", "output_dir": "out", "steps": [
              { "id": "src", "uses": "test.numbers", "with": { "count": 11 } },
              { "id": "mod", "uses": "test.mod", "needs": ["src"], "with": { "modulus": 3 } },
              { "id": "sink", "uses": "test.lines", "needs": ["mod"], "with": { "path": "docs.txt" } }
            ] }
            """);
        var a = await DagTestHelper.RunAsync(plan, new RunOptions { TaskIndex = 0, TaskCount = 2 });
        Assert.Single(StatsMerge.Check([a.StatsPath!]), x => !x.Report.Complete && x.Label == "DAG 't'");
        var b = await DagTestHelper.RunAsync(plan, new RunOptions { TaskIndex = 1, TaskCount = 2 });
        Assert.All(StatsMerge.Check([a.StatsPath!, b.StatsPath!]), x => Assert.True(x.Report.Complete));
        var whole = await DagTestHelper.RunAsync(DagTestHelper.Plan(Path.Combine(dir.Path), File.ReadAllText(plan.File.Path).Replace("\"out\"", "\"whole\"", StringComparison.Ordinal)));
        var merged = Path.Combine(dir.Path, "merged.json");
        Assert.Equal(3, StatsMerge.Merge([a.StatsPath!, b.StatsPath!], merged));
        var m = JsonNode.Parse(File.ReadAllText(merged))!["steps"]!.AsArray();
        var w = JsonNode.Parse(File.ReadAllText(whole.StatsPath!))!["steps"]!.AsArray();
        for (int i = 0; i < 3; i++)
            foreach (var key in new[] { "in", "out", "dropped" })
                Assert.Equal(w[i]![key]!.GetValue<long>(), m[i]![key]!.GetValue<long>());
        Assert.Equal(2, m[1]!["tasks"]!.GetValue<int>());
    }
}
