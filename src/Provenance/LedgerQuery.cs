using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>Read-only SQL over a ledger file: the file is opened read-only with external access disabled and the
/// configuration locked, so no statement can change the ledger or touch other files.</summary>
public static class LedgerQuery
{
    /// <summary>Runs <paramref name="sql"/> (one or more statements; the last one's rows are returned).</summary>
    /// <exception cref="LedgerException">Missing ledger, bad SQL or a refused statement (message says which).</exception>
    public static ResultTable Run(string ledgerPath, string sql)
    {
        ArgumentException.ThrowIfNullOrEmpty(ledgerPath);
        if (string.IsNullOrWhiteSpace(sql)) throw new LedgerException("the SQL text is empty");
        using var c = LedgerDatabase.OpenReadOnly(ledgerPath);
        try
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            using var reader = cmd.ExecuteReader();
            return ResultTable.Read(reader);
        }
        catch (DuckDBException ex)
        {
            throw new LedgerException(Explain(ex.Message), ex);
        }
    }

    internal static string Explain(string message)
    {
        var m = LedgerDatabase.FirstLine(message);
        if (m.Contains("read-only mode", StringComparison.Ordinal))
            return $"refused: the ledger is opened read-only; queries cannot change it ({m})";
        if (m.Contains("disabled by configuration", StringComparison.Ordinal) || m.Contains("configuration has been locked", StringComparison.Ordinal))
            return $"refused: queries may read only the ledger, not other files, databases or settings ({m})";
        return $"query failed: {m}";
    }
}
