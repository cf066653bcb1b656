using System.Text;
using System.Threading.Channels;
using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// Runs a source step: pulls its documents, counts each as read (<c>in</c>) when it arrives and as passed
/// (<c>out</c>) when its batch has gone out on the edges, records it entering the ledger and sends batches on.
/// </summary>
internal sealed class SourceLoop(RunScope scope, PlannedStep s, List<Channel<Batch>> main)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var step = (SourceStep)s.Descriptor.Create(s.Options);
        var ctx = scope.ContextFor(s);
        var meter = scope.MeterFor(s);
        var ledger = scope.EmitterFor(s);
        int size = scope.Plan.File.BatchSize;
        var buf = new Document[size];
        var sizes = new int[size];
        int n = 0;
        long bytes = 0, read = 0;
        var e = step.ReadAsync(ctx, ct).GetAsyncEnumerator(ct);
        try
        {
            // Thread CPU time is a real system call on some VMs (~1 µs): read it once per batch, not per document.
            var cpu = StepMeter.StartCpu();
            while (true)
            {
                var mv = e.MoveNextAsync();
                bool has = mv.IsCompletedSuccessfully ? mv.Result : await mv.ConfigureAwait(false);
                if (!has) break;
                var doc = e.Current;
                read++;
                int docBytes = Encoding.UTF8.GetByteCount(doc.Text);
                sizes[n] = docBytes;
                buf[n++] = doc;
                bytes += docBytes;
                ledger.Entered(doc);
                if (n == size)
                {
                    meter.StopCpu(cpu);
                    meter.Entered(read, 0);
                    read = 0;
                    await SendAsync(new Batch(buf, n, sizes), bytes, ct).ConfigureAwait(false);
                    buf = new Document[size];
                    sizes = new int[size];
                    n = 0;
                    bytes = 0;
                    cpu = StepMeter.StartCpu();
                }
            }
            meter.StopCpu(cpu);
            if (n > 0) await SendAsync(new Batch(buf, n, sizes), bytes, ct).ConfigureAwait(false);
        }
        finally
        {
            meter.Entered(read, 0); // documents read but not yet sent still count as read
            await e.DisposeAsync().ConfigureAwait(false);
            if (step is IDisposable d) d.Dispose();
        }

        async ValueTask SendAsync(Batch batch, long batchBytes, CancellationToken token)
        {
            if (main.Count > 0) await Edges.EmitAsync(main, batch, token).ConfigureAwait(false);
            meter.Passed(batch.Count, batchBytes);
            await ledger.WaitForRoomAsync(token).ConfigureAwait(false);
        }
    }
}
