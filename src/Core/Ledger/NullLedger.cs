namespace Pipeline.Core.Ledger;

/// <summary>A ledger that records nothing (ledger switched off, tests of steps alone).</summary>
public sealed class NullLedger : ILedger
{
    /// <summary>The shared instance.</summary>
    public static readonly NullLedger Instance = new();

    /// <inheritdoc/>
    public bool Enabled => false;

    /// <inheritdoc/>
    public bool RecordKeptEvents => false;

    /// <inheritdoc/>
    public IReadOnlyList<string> MirroredMetaKeys => [];

    /// <inheritdoc/>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public Task StartRunAsync(LedgerRun run, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public void Write(LedgerRecord record) { }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CompleteRunAsync(string status, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
