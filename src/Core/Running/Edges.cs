using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Pipeline.Core.Running;

/// <summary>
/// Document edges: one bounded channel per (producer port, consumer) pair (<c>FullMode = Wait</c>: a slow consumer
/// back-pressures its producer). A producer that fails faults its edges with its exception, so a consumer can never
/// mistake a failed stream for a finished one.
/// </summary>
internal static class Edges
{
    public static Channel<Batch> Create(int capacity) => Channel.CreateBounded<Batch>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = true,
    });

    /// <summary>Completes <paramref name="edges"/>: cleanly, or faulted with <paramref name="failure"/>.</summary>
    public static void Complete(IEnumerable<Channel<Batch>> edges, Exception? failure)
    {
        foreach (var e in edges)
            if (failure is null) e.Writer.TryComplete();
            else e.Writer.TryComplete(failure);
    }

    /// <summary>Writes <paramref name="batch"/> to every edge (each consumer gets the same read-only batch).</summary>
    public static async ValueTask EmitAsync(List<Channel<Batch>> edges, Batch batch, CancellationToken ct)
    {
        foreach (var e in edges) await e.Writer.WriteAsync(batch, ct).ConfigureAwait(false);
    }

    /// <summary>Reads <paramref name="inputs"/> round-robin until all complete; a faulted edge throws its producer's exception.</summary>
    public static async IAsyncEnumerable<Batch> MergeAsync(List<Channel<Batch>> inputs, [EnumeratorCancellation] CancellationToken ct)
    {
        var active = inputs.Select(e => e.Reader).ToList();
        int i = 0;
        while (active.Count > 0)
        {
            var r = active[i];
            if (await r.WaitToReadAsync(ct).ConfigureAwait(false) && r.TryRead(out var b))
            {
                yield return b;
                i = (i + 1) % active.Count;
            }
            else if (r.Completion.IsCompleted)
            {
                await r.Completion.ConfigureAwait(false); // rethrows a producer's failure
                active.RemoveAt(i);
                if (i >= active.Count) i = 0;
            }
        }
    }
}
