using Pipeline.Testing;
using Xunit;

namespace Pipeline.Provenance.Tests;

/// <summary>One run of the test DAG over <see cref="Count"/> documents, shared by read-only tests.</summary>
public sealed class LedgerRunFixture : IAsyncLifetime, IDisposable
{
    public const int Count = 1000;

    private readonly TempDir _dir = new();

    public string Dir => _dir.Path;

    public string Ledger => TestDag.Ledger(_dir.Path);

    public string OutputDir => Path.Combine(_dir.Path, "out");

    public async Task InitializeAsync() => await TestDag.RunAsync(_dir.Path, Count);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();
}
