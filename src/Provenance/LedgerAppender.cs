using System.Text;
using DuckDB.NET.Data;
using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>
/// The DuckDB side of <see cref="ILedgerWriter"/>: rows go through one appender per table inside one open
/// transaction, and every value is checked against the column the table mapping declared for it. Used by one
/// thread at a time (the ledger's writer thread). <see cref="Commit"/> closes the appenders and commits.
/// </summary>
internal sealed class LedgerAppender : ILedgerWriter, IDisposable
{
    private const int MaxSpanChars = 4096;
    private readonly DuckDBConnection _connection;
    private readonly LedgerMappings _mappings;
    private readonly string _runId;
    private readonly byte[] _runIdUtf8;
    private readonly Dictionary<string, DuckDBAppender> _appenders = new(StringComparer.Ordinal);
    // each table's column types as an array, looked up once per row instead of through LedgerTable.Columns per value
    private readonly Dictionary<LedgerTable, LedgerColumnType[]> _types = new(ReferenceEqualityComparer.Instance);
    // UTF-8 of string values: appending a byte span is one native call, where AppendValue(string) allocates,
    // copies into native memory and frees per value
    private readonly byte[] _utf8 = new byte[MaxSpanChars * 3];
    private readonly RowWriter _row;
    private readonly LedgerPaths? _paths;
    private readonly Dictionary<LedgerTable, bool[]?> _pathFlags = [];
    private DuckDBTransaction? _transaction;

    /// <param name="paths">Stores the paths of <see cref="LedgerSchema.PathColumns"/> relative to the ledger's folder; null stores them as given.</param>
    public LedgerAppender(DuckDBConnection connection, LedgerMappings mappings, string runId, long firstSeq, LedgerPaths? paths = null)
    {
        _paths = paths;
        _connection = connection;
        _mappings = mappings;
        _runId = runId;
        _runIdUtf8 = Encoding.UTF8.GetBytes(runId);
        _row = new RowWriter(this);
        Seq = firstSeq;
    }

    /// <summary>Rows appended since the last commit.</summary>
    public int PendingRows { get; private set; }

    /// <summary>Next sequence number (write order within the run).</summary>
    public long Seq { get; private set; }

    /// <summary>Writes <paramref name="record"/> through its table mapping (a type without one throws).</summary>
    public void Append(LedgerRecord record) => _mappings.Write(record, this);

    /// <inheritdoc/>
    public ILedgerRow Row(LedgerTable table)
    {
        if (_row.Open is { } open) throw new InvalidOperationException($"a row of {open.Name} was not ended before a row of {table.Name} started");
        if (!_appenders.TryGetValue(table.Name, out var a))
        {
            _transaction ??= _connection.BeginTransaction();
            a = _connection.CreateAppender(table.Name);
            _appenders[table.Name] = a;
        }
        if (!_types.TryGetValue(table, out var types))
        {
            types = table.Columns.Select(c => c.Type).ToArray();
            _types[table] = types;
        }
        PendingRows++;
        var row = a.CreateRow();
        row = _runIdUtf8.Length == 0 ? row.AppendValue(_runId) : row.AppendValue(_runIdUtf8.AsSpan());
        _row.Start(table, types, row.AppendValue((long?)Seq++));
        return _row;
    }

    /// <summary>Closes the appenders (flushing their rows) and commits the transaction.</summary>
    public void Commit()
    {
        foreach (var a in _appenders.Values) a.Dispose();
        _appenders.Clear();
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        PendingRows = 0;
    }

    public void Dispose()
    {
        foreach (var a in _appenders.Values)
        {
            try { a.Dispose(); } catch (DuckDBException) { }
        }
        _appenders.Clear();
        if (_transaction is not null)
        {
            try { _transaction.Rollback(); } catch (DuckDBException) { }
            _transaction.Dispose();
            _transaction = null;
        }
    }

    /// <summary>The one row being written; checks each value's type against its declared column.</summary>
    private sealed class RowWriter(LedgerAppender owner) : ILedgerRow
    {
        private IDuckDBAppenderRow _row = null!;
        private LedgerColumnType[] _types = [];
        private int _column;
        private bool[]? _pathFlags;

        public LedgerTable? Open { get; private set; }

        public void Start(LedgerTable table, LedgerColumnType[] types, IDuckDBAppenderRow row)
        {
            Open = table;
            _types = types;
            _row = row;
            _column = 0;
            if (owner._paths is not null && !owner._pathFlags.TryGetValue(table, out _pathFlags))
                owner._pathFlags[table] = _pathFlags = LedgerSchema.PathFlags(table);
        }

        private void Expect(LedgerColumnType type)
        {
            int i = _column;
            if (Open is not null && (uint)i < (uint)_types.Length && _types[i] == type)
            {
                _column = i + 1;
                return;
            }
            Mismatch(type);
        }

        private void Mismatch(LedgerColumnType type)
        {
            var t = Open ?? throw new InvalidOperationException("no ledger row is open");
            if (_column >= t.Columns.Count) throw new InvalidOperationException($"too many values for a row of {t.Name} ({t.Columns.Count} columns)");
            var c = t.Columns[_column];
            throw new InvalidOperationException($"{t.Name}.{c.Name} is {c.Type}, the mapping wrote {type}");
        }

        public ILedgerRow Text(string? value)
        {
            Expect(LedgerColumnType.Text);
            if (_pathFlags is { } paths && paths[_column - 1]) value = owner._paths!.Relative(value);
            if (value is null) _row = _row.AppendNullValue();
            else if (value.Length > MaxSpanChars) _row = _row.AppendValue(value);
            else _row = _row.AppendValue(owner._utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, owner._utf8)));
            return this;
        }

        public ILedgerRow BigInt(long? value)
        {
            Expect(LedgerColumnType.BigInt);
            _row = _row.AppendValue(value);
            return this;
        }

        public ILedgerRow Integer(int? value)
        {
            Expect(LedgerColumnType.Integer);
            _row = _row.AppendValue(value);
            return this;
        }

        public ILedgerRow Double(double? value)
        {
            Expect(LedgerColumnType.Double);
            _row = _row.AppendValue(value);
            return this;
        }

        public ILedgerRow Timestamp(DateTimeOffset? value)
        {
            Expect(LedgerColumnType.Timestamp);
            _row = _row.AppendValue(value);
            return this;
        }

        public ILedgerRow TextList(IReadOnlyList<string>? value)
        {
            Expect(LedgerColumnType.TextList);
            _row = value is null || value.Count == 0 ? _row.AppendNullValue() : _row.AppendValue(value);
            return this;
        }

        public void End()
        {
            var t = Open ?? throw new InvalidOperationException("no ledger row is open");
            if (_column != _types.Length) throw new InvalidOperationException($"a row of {t.Name} ended after {_column} of {t.Columns.Count} values");
            _row.EndRow();
            Open = null;
        }
    }
}
