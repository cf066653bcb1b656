using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>
/// The one list of document metadata the ledger mirrors in <c>documents</c> and <c>document_updates</c>: the change
/// check (<see cref="DuckDbLedger.MirroredMetaKeys"/>), the update mapping, the <c>documents_with_updates</c> view and the
/// final update of <c>documents</c> all read it.
/// </summary>
internal static class MirroredMeta
{
    public static readonly (string Name, LedgerColumnType Type)[] Keys =
    [
        ("domain", LedgerColumnType.Text), ("host", LedgerColumnType.Text), ("licence", LedgerColumnType.Text),
        ("licence_evidence", LedgerColumnType.Text), ("opt_out", LedgerColumnType.TextList), ("language", LedgerColumnType.Text),
        ("title", LedgerColumnType.Text),
    ];

    public static readonly IReadOnlyList<string> Names = Keys.Select(k => k.Name).ToArray();

    /// <summary><c>coalesce(u.k, d.k) AS k</c> for every key and the URL (SQL select-list fragment).</summary>
    public static string Coalesce(string updates, string documents, string separator) =>
        string.Join(separator, Names.Append("url").Select(k => $"coalesce({updates}.{k}, {documents}.{k}) AS {k}"));

    /// <summary><c>k = coalesce(u.k, documents.k)</c> for every key and the URL (SQL SET fragment).</summary>
    public static string Assign(string updates) =>
        string.Join(", ", Names.Append("url").Select(k => $"{k} = coalesce({updates}.{k}, documents.{k})"));
}
