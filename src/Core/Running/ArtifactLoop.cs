using Pipeline.Core.Dag;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>Runs an artifact step once its inputs are published; its CPU time is the process's share (<see cref="ArtifactCpu"/>).</summary>
internal sealed class ArtifactLoop(RunScope scope, PlannedStep s)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var step = (ArtifactStep)s.Descriptor.Create(s.Options);
        var ctx = scope.ContextFor(s);
        var meter = scope.MeterFor(s);
        IReadOnlyList<Artifact> result;
        scope.ArtifactCpu.Enter(meter);
        try
        {
            result = await step.RunAsync(ctx, ct).ConfigureAwait(false);
        }
        finally
        {
            scope.ArtifactCpu.Leave(meter);
        }
        scope.Publish(s, scope.EmitterFor(s), result);
        if (step is IDisposable d) d.Dispose();
    }
}
