using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup.Tests;

/// <summary>Runs steps the way the runner does, for tests.</summary>
internal static class Steps
{
    public static StepContext Context(string dir, int taskIndex = 0, int taskCount = 1, string stepId = "dedup") =>
        new(stepId, new RunInfo("run", "test", dir, dir, taskIndex, taskCount));

    /// <summary>Feeds <paramref name="docs"/> in batches of <paramref name="batchSize"/>; returns all outcomes and the artifacts.</summary>
    public static async Task<(List<Outcome> Outcomes, IReadOnlyList<Artifact> Artifacts)> RunAsync(ProcessorStep step, IReadOnlyList<Document> docs,
        StepContext ctx, int batchSize = 256)
    {
        await step.OpenAsync(ctx, CancellationToken.None);
        var all = new List<Outcome>(docs.Count);
        for (int i = 0; i < docs.Count; i += batchSize)
        {
            var batch = docs.Skip(i).Take(batchSize).ToArray();
            var outcomes = new Outcome[batch.Length];
            await step.ProcessBatchAsync(batch, outcomes, ctx, CancellationToken.None);
            all.AddRange(outcomes);
        }
        var artifacts = await step.CompleteAsync(ctx, CancellationToken.None);
        return (all, artifacts);
    }

    public static async Task<IReadOnlyList<Artifact>> WriteAsync(SinkStep sink, IEnumerable<Document> docs, StepContext ctx)
    {
        await sink.OpenAsync(ctx, CancellationToken.None);
        foreach (var d in docs) await sink.WriteAsync(d, ctx, CancellationToken.None);
        return await sink.CompleteAsync(ctx, CancellationToken.None);
    }

    public static Document Doc(string id, string text, string? url = null) => new(id, text, new SourceRef("t.jsonl", 0, url));
}
