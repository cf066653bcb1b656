using Pipeline.Core.Ledger;

namespace Pipeline.Testing;

/// <summary>A ledger that keeps every record written to it, for assertions on what steps report.</summary>
public sealed class RecordingLedger(bool recordKeptEvents = true) : ILedger
{
    public List<LedgerRecord> Records { get; } = [];

    public bool Enabled => true;

    public bool RecordKeptEvents => recordKeptEvents;

    /// <summary>The keys the DuckDB ledger mirrors (so steps see the same change detection as in a real run).</summary>
    public IReadOnlyList<string> MirroredMetaKeys { get; } = ["domain", "host", "licence", "licence_evidence", "opt_out", "language", "title"];

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task StartRunAsync(LedgerRun run, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Write(LedgerRecord record)
    {
        lock (Records) Records.Add(record);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CompleteRunAsync(string status, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
