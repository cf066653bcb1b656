using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;

namespace Pipeline.Cli.Tests;

/// <summary>Reads output files without the product's readers: bytes (gzip members decompressed), Parquet and DuckDB through DuckDB's own SQL.</summary>
internal static class RawFiles
{
    /// <summary>The file's text as a reader outside the product sees it: Parquet as every row cast to text, gzip decompressed, other files as UTF-8.</summary>
    public static string Text(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ParquetText(path);
        if (path.EndsWith(".duckdb", StringComparison.OrdinalIgnoreCase)) return string.Join("\n", DuckDbTables(path).Select(t => t.Text));
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress); // reads every member
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            bytes = ms.ToArray();
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Every row of a Parquet file, cast to text by DuckDB's <c>read_parquet</c>.</summary>
    public static string ParquetText(string path)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT CAST(r AS VARCHAR) FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') AS r";
        using var rd = cmd.ExecuteReader();
        var sb = new StringBuilder();
        while (rd.Read()) sb.Append(rd.GetString(0)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Every table of a DuckDB file (opened read-only), each row cast to text.</summary>
    public static List<(string Table, string Text)> DuckDbTables(string path)
    {
        using var c = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        c.Open();
        var tables = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1";
            using var rd = cmd.ExecuteReader();
            while (rd.Read()) tables.Add(rd.GetString(0));
        }
        var result = new List<(string, string)>();
        foreach (var t in tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT CAST(r AS VARCHAR) FROM \"{t}\" AS r";
            using var rd = cmd.ExecuteReader();
            var sb = new StringBuilder();
            while (rd.Read()) sb.Append(rd.IsDBNull(0) ? "" : rd.GetString(0)).Append('\n');
            result.Add((t, sb.ToString()));
        }
        return result;
    }
}
