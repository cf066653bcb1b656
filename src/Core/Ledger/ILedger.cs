namespace Pipeline.Core.Ledger;

/// <summary>
/// The provenance ledger as the engine sees it. <see cref="Write"/> is called from many threads and must not
/// block for long (implementations queue records to one writer). The DuckDB implementation lives in Pipeline.Provenance.
/// </summary>
public interface ILedger : IAsyncDisposable
{
    /// <summary>False for the no-op ledger: callers may skip building records.</summary>
    bool Enabled { get; }

    /// <summary>When true the runner also writes a <c>kept</c> event for every document at every processor step
    /// (large); by default only drops, modifications, errors, documents entering and documents reaching a sink are written.</summary>
    bool RecordKeptEvents { get; }

    /// <summary>Opens (or continues) the run's ledger.</summary>
    Task StartRunAsync(LedgerRun run, CancellationToken cancellationToken);

    /// <summary>Queues one record.</summary>
    void Write(LedgerRecord record);

    /// <summary>Flushes everything queued so far (records become visible to queries).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Flushes and marks the run finished with <paramref name="status"/> ("completed", "failed", "cancelled").</summary>
    Task CompleteRunAsync(string status, CancellationToken cancellationToken);
}
