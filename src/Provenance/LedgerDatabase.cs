using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>Opens ledger files: for writing (schema created or upgraded) or locked-down read-only for queries.</summary>
public static class LedgerDatabase
{
    /// <summary>Opens (creating if needed) a ledger for writing and makes sure its tables and views exist.</summary>
    public static DuckDBConnection OpenWrite(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null) Directory.CreateDirectory(dir);
        var c = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = full }.ConnectionString);
        try
        {
            c.Open();
            EnsureSchema(c);
        }
        catch
        {
            c.Dispose();
            throw;
        }
        return c;
    }

    /// <summary>
    /// Opens an existing ledger read-only with external access disabled and the configuration locked: queries
    /// cannot write, attach other databases, read or write files (COPY, read_csv, read_parquet) or install extensions.
    /// </summary>
    /// <exception cref="LedgerException">The file does not exist or is not a ledger.</exception>
    public static DuckDBConnection OpenReadOnly(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new LedgerException($"ledger not found: {path} (a run writes output_dir/provenance.duckdb)");
        var c = new DuckDBConnection(new DuckDBConnectionStringBuilder
        {
            DataSource = full,
            AccessMode = DuckDBAccessMode.ReadOnly,
            EnableExternalAccess = false,
            LockConfiguration = true,
            AutoloadKnownExtensions = false,
            AutoinstallKnownExtensions = false,
        }.ConnectionString);
        try
        {
            c.Open();
        }
        catch (DuckDBException ex)
        {
            c.Dispose();
            throw new LedgerException($"cannot open ledger {path}: {FirstLine(ex.Message)} (is a run still writing it?)", ex);
        }
        if (Scalar(c, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'runs'") is not long n || n == 0)
        {
            c.Dispose();
            throw new LedgerException($"{path} is a DuckDB file but not a provenance ledger (no runs table)");
        }
        return c;
    }

    internal static void EnsureSchema(DuckDBConnection c)
    {
        using var tx = c.BeginTransaction();
        Exec(c, LedgerSchema.TablesSql);
        Exec(c, LedgerSchema.ViewsSql);
        Exec(c, $"INSERT OR REPLACE INTO ledger_info VALUES ('schema_version', '{LedgerSchema.Version}')");
        tx.Commit();
    }

    internal static int Exec(DuckDBConnection c, string sql, params object?[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        return cmd.ExecuteNonQuery();
    }

    internal static object? Scalar(DuckDBConnection c, string sql, params object?[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    internal static string FirstLine(string s)
    {
        int i = s.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? s : s[..i];
    }
}
