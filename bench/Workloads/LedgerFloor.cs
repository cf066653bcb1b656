using System.Globalization;
using System.IO.Hashing;
using System.Text;
using DuckDB.NET.Data;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Provenance;

namespace Pipeline.Bench.Workloads;

/// <summary>
/// What DuckDB alone costs for the rows the ledger writes: the same <c>documents</c>, <c>events</c> and <c>outputs</c>
/// rows (same values, same ledger schema, same settings as the ledger: one DuckDB thread, 256 MB checkpoint threshold)
/// put into a fresh ledger file without any of the ledger's code (no records, queue, mappings or checks), two ways:
/// DuckDB.NET appenders committed every 50,000 rows (how the ledger writes), and DuckDB's own bulk load
/// (<c>INSERT … SELECT FROM read_csv</c>, the CSV files written first, their writing timed apart). Each figure is
/// process CPU from the first row to the closed file (its final checkpoint included): the ledger cannot cost less
/// than this for the same rows. <c>floor_minimal</c> is DuckDB writing far less (see <see cref="Minimal"/>).
/// </summary>
internal static class LedgerFloor
{
    private const string RunId = "0123456789abcdef0123456789abcdef";

    public static void Measure(IReadOnlyList<LedgerRecord> records, string root, BenchResult res)
    {
        var appender = Measurement.Time(() => Appenders(records, Path.Combine(root, "floor-app.duckdb")));
        res.Add("floor_appender_cpu_s", appender.CpuSeconds).Add("floor_appender_wall_s", appender.WallSeconds);
        var csv = Path.Combine(root, "floor");
        Directory.CreateDirectory(csv);
        var write = Measurement.Time(() => WriteCsv(records, csv));
        var load = Measurement.Time(() => BulkLoad(csv, Path.Combine(root, "floor-bulk.duckdb")));
        res.Add("floor_csv_write_cpu_s", write.CpuSeconds).Add("floor_bulk_load_cpu_s", load.CpuSeconds).Add("floor_bulk_load_wall_s", load.WallSeconds);
        var minimal = Measurement.Time(() => Minimal(records, Path.Combine(root, "floor-min.duckdb")));
        res.Add("floor_minimal_cpu_s", minimal.CpuSeconds);
    }

    /// <summary>
    /// The least a per-document ledger could hold: per document only its id, URL, 128-bit content hash and size, per
    /// output only the document id (no run id, step, file, source or metadata columns), through the same appenders.
    /// </summary>
    private static void Minimal(IReadOnlyList<LedgerRecord> records, string path)
    {
        using var c = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = path }.ConnectionString);
        c.Open();
        Exec(c, "SET threads = 1");
        Exec(c, "SET checkpoint_threshold = '256MB'");
        Exec(c, "CREATE TABLE documents (doc_id VARCHAR, url VARCHAR, content_hash UHUGEINT, text_bytes BIGINT); CREATE TABLE outputs (doc_id VARCHAR)");
        using var batches = new Batches(c, "documents", "outputs");
        foreach (var r in records)
        {
            if (r is DocumentEnteredRecord e)
            {
                var bytes = Encoding.UTF8.GetBytes(e.Document.Text);
                var hash = XxHash128.HashToUInt128(bytes);
                batches[0].CreateRow().AppendValue(e.Document.Id).AppendValue(e.Document.Source.Url).AppendValue((System.Numerics.BigInteger?)(System.Numerics.BigInteger)hash)
                    .AppendValue((long?)bytes.Length).EndRow();
            }
            else if (r is DocumentWrittenRecord w) batches[1].CreateRow().AppendValue(w.DocumentId).EndRow();
            batches.RowDone();
        }
    }

    private static DuckDBConnection Open(string path)
    {
        var c = LedgerDatabase.OpenWrite(path);
        Exec(c, "SET threads = 1");
        Exec(c, "SET checkpoint_threshold = '256MB'");
        return c;
    }

    private static void Exec(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void Appenders(IReadOnlyList<LedgerRecord> records, string path)
    {
        using var c = Open(path);
        using var batches = new Batches(c, "documents", "events", "outputs");
        long seq = 0;
        foreach (var r in records)
        {
            switch (r)
            {
                case DocumentEnteredRecord e:
                    var d = e.Document;
                    var v = Values(d);
                    batches[0].CreateRow().AppendValue(RunId).AppendValue((long?)seq++).AppendValue(d.Id).AppendValue(e.StepId).AppendValue(d.Source.File)
                        .AppendValue((long?)d.Source.Offset).AppendValue(d.Source.OffsetKind).AppendValue(d.Source.RecordId).AppendValue(d.Source.Url)
                        .AppendValue(d.Meta.GetString("domain")).AppendValue(d.Meta.GetString("host")).AppendValue(d.Source.FetchTime).AppendValue(d.Source.ContentType)
                        .AppendValue(v.Hash).AppendValue((long?)v.Bytes).AppendValue(d.Meta.GetString("licence")).AppendValue(d.Meta.GetString("licence_evidence"))
                        .AppendNullValue().AppendValue(d.Meta.GetString("language")).AppendValue(d.Meta.GetString("title"))
                        .AppendNullValue().AppendNullValue().AppendNullValue().EndRow();
                    break;
                case DocumentEventRecord ev:
                    batches[1].CreateRow().AppendValue(RunId).AppendValue((long?)seq++).AppendValue(ev.DocumentId).AppendValue(ev.StepId).AppendValue("dropped")
                        .AppendValue(ev.Reason).AppendValue(ev.Details).AppendNullValue().AppendNullValue().EndRow();
                    break;
                case DocumentWrittenRecord w:
                    batches[2].CreateRow().AppendValue(RunId).AppendValue((long?)seq++).AppendValue(w.DocumentId).AppendValue(w.StepId).AppendValue(w.OutputPath).EndRow();
                    break;
                default:
                    throw new InvalidOperationException($"no floor row for {r.GetType().Name}");
            }
            batches.RowDone();
        }
    }

    private static (string Hash, long Bytes) Values(Document d)
    {
        var bytes = Encoding.UTF8.GetBytes(d.Text);
        return (Convert.ToHexStringLower(XxHash128.Hash(bytes)), bytes.Length);
    }

    private static void WriteCsv(IReadOnlyList<LedgerRecord> records, string dir)
    {
        using var docs = Writer(dir, "documents");
        using var events = Writer(dir, "events");
        using var outputs = Writer(dir, "outputs");
        long seq = 0;
        foreach (var r in records)
        {
            switch (r)
            {
                case DocumentEnteredRecord e:
                    var d = e.Document;
                    var v = Values(d);
                    Row(docs, RunId, Num(seq++), d.Id, e.StepId, d.Source.File, Num(d.Source.Offset), d.Source.OffsetKind, d.Source.RecordId, d.Source.Url,
                        d.Meta.GetString("domain"), d.Meta.GetString("host"), d.Source.FetchTime?.ToString("O", CultureInfo.InvariantCulture), d.Source.ContentType,
                        v.Hash, Num(v.Bytes), d.Meta.GetString("licence"), d.Meta.GetString("licence_evidence"), null, d.Meta.GetString("language"),
                        d.Meta.GetString("title"), null, null, null);
                    break;
                case DocumentEventRecord ev:
                    Row(events, RunId, Num(seq++), ev.DocumentId, ev.StepId, "dropped", ev.Reason, ev.Details, null, null);
                    break;
                case DocumentWrittenRecord w:
                    Row(outputs, RunId, Num(seq++), w.DocumentId, w.StepId, w.OutputPath);
                    break;
            }
        }
    }

    private static string Num(long x) => x.ToString(CultureInfo.InvariantCulture);

    private static StreamWriter Writer(string dir, string table) =>
        new(Path.Combine(dir, table + ".csv"), false, new UTF8Encoding(false), 1 << 16);

    private static void Row(StreamWriter w, params string?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) w.Write(',');
            var s = values[i];
            if (s is null) continue; // empty field = NULL
            w.Write('"');
            w.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
            w.Write('"');
        }
        w.Write('\n');
    }

    private static void BulkLoad(string dir, string path)
    {
        using var c = Open(path);
        foreach (var table in new[] { "documents", "events", "outputs" })
        {
            var csv = Path.Combine(dir, table + ".csv").Replace("'", "''", StringComparison.Ordinal);
            // the table's own column types: read_csv casts each field to them (an empty unquoted field is NULL)
            Exec(c, $"INSERT INTO {table} SELECT * FROM read_csv('{csv}', header = false, auto_detect = false, quote = '\"', escape = '\"', columns = {Columns(c, table)})");
        }
    }

    private static string Columns(DuckDBConnection c, string table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{table}' ORDER BY column_index";
        using var r = cmd.ExecuteReader();
        var cols = new List<string>();
        while (r.Read()) cols.Add($"'{r.GetString(0)}': '{r.GetString(1)}'");
        return "{" + string.Join(", ", cols) + "}";
    }

    /// <summary>Appenders of some tables inside one transaction, committed every 50,000 rows (as the ledger does).</summary>
    private sealed class Batches(DuckDBConnection connection, params string[] tables) : IDisposable
    {
        private readonly DuckDBAppender?[] _appenders = new DuckDBAppender?[tables.Length];
        private DuckDBTransaction? _transaction;
        private int _pending;

        public DuckDBAppender this[int table]
        {
            get
            {
                if (_transaction is null)
                {
                    _transaction = connection.BeginTransaction();
                    for (int i = 0; i < tables.Length; i++) _appenders[i] = connection.CreateAppender(tables[i]);
                }
                return _appenders[table]!;
            }
        }

        public void RowDone()
        {
            if (++_pending >= 50_000) Commit();
        }

        public void Commit()
        {
            if (_transaction is null) return;
            foreach (var a in _appenders) a!.Dispose();
            _transaction.Commit();
            _transaction.Dispose();
            _transaction = null;
            _pending = 0;
        }

        public void Dispose() => Commit();
    }
}
