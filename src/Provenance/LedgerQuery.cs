using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>Read-only SQL over a ledger file: the file is opened read-only with external access disabled and the
/// configuration locked, so no statement can change the ledger or touch other files.</summary>
public static class LedgerQuery
{
    /// <summary>Runs <paramref name="sql"/> (one or more statements; the last one's rows are returned).</summary>
    /// <exception cref="LedgerException">Missing ledger, bad SQL or a refused statement (message says which).</exception>
    public static ResultTable Run(string ledgerPath, string sql) => Run(ledgerPath, sql, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="sql"/>; the DuckDB connection is interrupted when <paramref name="cancellationToken"/> fires
    /// (then <see cref="OperationCanceledException"/>) or after <paramref name="timeout"/> (then <see cref="TimeoutException"/>).
    /// </summary>
    /// <exception cref="LedgerException">Missing ledger, bad SQL or a refused statement (message says which).</exception>
    public static ResultTable Run(string ledgerPath, string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ledgerPath);
        if (string.IsNullOrWhiteSpace(sql)) throw new LedgerException("the SQL text is empty");
        cancellationToken.ThrowIfCancellationRequested();
        using var c = LedgerDatabase.OpenReadOnly(ledgerPath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan) stop.CancelAfter(timeout);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var interrupt = stop.Token.Register(() =>
        {
            try
            {
                cmd.Cancel();
            }
            catch (Exception ex) when (ex is DuckDBException or InvalidOperationException or ObjectDisposedException)
            {
            }
        });
        try
        {
            using var reader = cmd.ExecuteReader();
            var table = ResultTable.Read(reader);
            Stopped(stop, timeout, cancellationToken);
            return table;
        }
        catch (DuckDBException ex)
        {
            Stopped(stop, timeout, cancellationToken);
            throw new LedgerException(Explain(ex.Message), ex);
        }
        catch (OperationCanceledException)
        {
            // the interrupt surfaces as a cancellation: say which of the two stopped the query
            Stopped(stop, timeout, cancellationToken);
            throw;
        }
    }

    private static void Stopped(CancellationTokenSource stop, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (stop.IsCancellationRequested)
            throw new TimeoutException($"the query ran longer than {timeout.TotalSeconds:0.#} s and was stopped (raise --timeout, or narrow the query)");
    }

    /// <summary>How many SQL statements <paramref name="sql"/> holds (semicolons inside quotes, comments and dollar quotes do not count).</summary>
    public static int CountStatements(string sql)
    {
        int count = 0;
        bool content = false;
        for (int i = 0; i < sql.Length; i++)
        {
            char ch = sql[i];
            if (ch == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }
            if (ch == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }
            if (ch is '\'' or '"')
            {
                content = true;
                i++;
                while (i < sql.Length && !(sql[i] == ch && !(i + 1 < sql.Length && sql[i + 1] == ch))) i += sql[i] == ch ? 2 : 1;
                continue;
            }
            if (ch == '$' && DollarTag(sql, i) is { } tag)
            {
                content = true;
                int end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length - 1;
                continue;
            }
            if (ch == ';')
            {
                if (content) count++;
                content = false;
                continue;
            }
            if (!char.IsWhiteSpace(ch)) content = true;
        }
        return count + (content ? 1 : 0);
    }

    private static string? DollarTag(string sql, int at)
    {
        int j = at + 1;
        while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
        return j < sql.Length && sql[j] == '$' && (j == at + 1 || !char.IsDigit(sql[at + 1])) ? sql[at..(j + 1)] : null;
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
