namespace Pipeline.Ingest.Html;

/// <summary>Checks a cancellation token every 1,024 units of per-page work (nodes visited), so long pages stay cancellable at little cost.</summary>
internal sealed class WorkCheck(CancellationToken cancellationToken)
{
    private int _count;

    /// <summary>Counts one unit; every 1,024th throws <see cref="OperationCanceledException"/> when cancellation was requested.</summary>
    public void Tick()
    {
        if ((++_count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
    }
}
