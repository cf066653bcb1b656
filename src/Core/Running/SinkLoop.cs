using System.Threading.Channels;
using Pipeline.Core.Dag;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// Runs a sink step on its merged input, one document at a time in order; publishes its artifacts when it
/// completes, or aborts it (temporaries deleted) when the run fails or is cancelled.
/// </summary>
internal sealed class SinkLoop(RunScope scope, PlannedStep s, List<Channel<Batch>> ins)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var step = (SinkStep)s.Descriptor.Create(s.Options);
        var ctx = scope.ContextFor(s);
        var meter = scope.MeterFor(s);
        var ledger = scope.EmitterFor(s);
        bool completed = false;
        try
        {
            await step.OpenAsync(ctx, ct).ConfigureAwait(false);
            await foreach (var b in Edges.MergeAsync(ins, ct).ConfigureAwait(false))
            {
                if (b.Count == 0) continue;
                var cpu = StepMeter.StartCpu();
                long bytes = 0;
                meter.Entered(b.Count, 0);
                for (int i = 0; i < b.Count; i++)
                {
                    var doc = b.Docs[i];
                    await step.WriteAsync(doc, ctx, ct).ConfigureAwait(false);
                    bytes += b.Bytes[i];
                    ledger.Written(doc);
                }
                meter.StopCpu(cpu);
                meter.Entered(0, bytes);
                meter.Passed(b.Count, bytes);
                await ledger.WaitForRoomAsync(ct).ConfigureAwait(false);
            }
            var artifacts = await step.CompleteAsync(ctx, ct).ConfigureAwait(false);
            completed = true;
            scope.Publish(s, ledger, artifacts);
        }
        finally
        {
            if (!completed) await step.AbortAsync().ConfigureAwait(false);
            if (step is IDisposable d) d.Dispose();
        }
    }
}
