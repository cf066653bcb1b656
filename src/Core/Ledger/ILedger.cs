namespace Pipeline.Core.Ledger;

/// <summary>
/// The provenance ledger as the engine sees it. <see cref="Write"/> is called from many threads and never blocks
/// (implementations queue records to one writer); producers that write many records await <see cref="WaitForRoomAsync"/>
/// between batches, which is the back-pressure. Each record type is written through the table mapping its module
/// registered (<see cref="LedgerMappings"/>); a type without one is an error. The DuckDB implementation lives in Pipeline.Provenance.
/// </summary>
public interface ILedger : IAsyncDisposable
{
    /// <summary>False for the no-op ledger: callers may skip building records.</summary>
    bool Enabled { get; }

    /// <summary>When true the runner also writes a <c>kept</c> event for every document at every processor step
    /// (large); by default only drops, modifications, errors, documents entering and documents reaching a sink are written.</summary>
    bool RecordKeptEvents { get; }

    /// <summary>The document metadata keys the ledger mirrors per document: a step that changes one of them (or the URL)
    /// gets a <see cref="DocumentMetaChangedRecord"/> written.</summary>
    IReadOnlyList<string> MirroredMetaKeys { get; }

    /// <summary>Completes when the queue has room again (at once when it has); never blocks a thread.</summary>
    ValueTask WaitForRoomAsync(CancellationToken cancellationToken);

    /// <summary>Opens (or continues) the run's ledger.</summary>
    Task StartRunAsync(LedgerRun run, CancellationToken cancellationToken);

    /// <summary>Queues one record (never blocks).</summary>
    void Write(LedgerRecord record);

    /// <summary>Flushes everything queued so far (records become visible to queries).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Flushes and marks the run finished with <paramref name="status"/> ("completed", "failed", "cancelled").</summary>
    Task CompleteRunAsync(string status, CancellationToken cancellationToken);
}
