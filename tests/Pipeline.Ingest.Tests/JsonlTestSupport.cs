using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Tests;

/// <summary>Runs steps directly (no DAG) with a context that captures warnings.</summary>
internal static class JsonlTestSupport
{
    public sealed class CaptureLog : IRunLog
    {
        public List<string> Warnings { get; } = [];
        public void Info(string message) { }
        public void Warn(string message) { lock (Warnings) Warnings.Add(message); }
    }

    public static StepContext Context(string dir, CaptureLog? log = null, IReadOnlyDictionary<string, IReadOnlyList<Artifact>>? inputs = null, int taskIndex = 0, int taskCount = 1) =>
        new("step", new RunInfo("run", "test", dir, dir, taskIndex, taskCount), null, null, log, inputs);

    public static async Task<List<Document>> ReadAllAsync(SourceStep step, StepContext ctx)
    {
        var list = new List<Document>();
        await foreach (var d in step.ReadAsync(ctx, CancellationToken.None)) list.Add(d);
        return list;
    }

    public static async Task<Artifact> WriteAllAsync(SinkStep sink, StepContext ctx, IEnumerable<Document> docs)
    {
        await sink.OpenAsync(ctx, CancellationToken.None);
        foreach (var d in docs) await sink.WriteAsync(d, ctx, CancellationToken.None);
        var a = await sink.CompleteAsync(ctx, CancellationToken.None);
        (sink as IDisposable)?.Dispose();
        return Assert.Single(a);
    }
}
