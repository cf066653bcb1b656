using Pipeline.Core.Ledger;

namespace Pipeline.Train.Tests;

/// <summary>Keeps the records written to it, to assert what training reports.</summary>
internal sealed class RecordingLedger : ILedger
{
    public List<LedgerRecord> Records { get; } = [];
    public bool Enabled => true;
    public bool RecordKeptEvents => true;
    public Task StartRunAsync(LedgerRun run, CancellationToken cancellationToken) => Task.CompletedTask;
    public void Write(LedgerRecord record) { lock (Records) Records.Add(record); }
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task CompleteRunAsync(string status, CancellationToken cancellationToken) => Task.CompletedTask;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
