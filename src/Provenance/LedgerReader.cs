using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Provenance;

/// <summary>Read-only queries over one ledger file (each query opens a read-only connection; the writer may be open).</summary>
public sealed class LedgerReader(string path) : ILedgerReader
{
    /// <summary>The reader of a run's ledger (<see cref="ProvenanceModule.LedgerPath"/>).</summary>
    public static LedgerReader For(RunInfo run) => new(ProvenanceModule.LedgerPath(run));

    /// <summary>The ledger file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public bool Available => File.Exists(Path);

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyList<object?>> Query(string sql) => LedgerQuery.Run(Path, sql).Rows;
}
