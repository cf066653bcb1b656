namespace Pipeline.Core.Ledger;

/// <summary>
/// Which record type goes to which table, and how. Each module registers its own record types (the engine's records
/// are registered by the ledger implementation); a record whose type has no mapping is an error when written.
/// </summary>
public sealed class LedgerMappings
{
    private readonly Dictionary<Type, Action<LedgerRecord, ILedgerWriter>> _writers = [];
    private readonly Dictionary<string, LedgerTable> _tables = new(StringComparer.Ordinal);

    /// <summary>Every table some mapping writes.</summary>
    public IReadOnlyCollection<LedgerTable> Tables => _tables.Values;

    /// <summary>Record types with a mapping.</summary>
    public IReadOnlyCollection<Type> RecordTypes => _writers.Keys;

    /// <summary>
    /// Maps <typeparamref name="T"/>: <paramref name="write"/> writes its rows into <paramref name="tables"/> (only those).
    /// A table declared twice must have the same columns both times.
    /// </summary>
    public LedgerMappings Map<T>(Action<T, ILedgerWriter> write, params LedgerTable[] tables) where T : LedgerRecord
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Length == 0) throw new ArgumentException($"the mapping of {typeof(T).Name} writes no table", nameof(tables));
        foreach (var t in tables)
        {
            if (_tables.TryGetValue(t.Name, out var had) && !had.SameShape(t))
                throw new InvalidOperationException($"ledger table '{t.Name}' is declared twice with different columns: {had} and {t}");
            _tables[t.Name] = t;
        }
        if (!_writers.TryAdd(typeof(T), (r, w) => write((T)r, w)))
            throw new InvalidOperationException($"{typeof(T).Name} already has a ledger mapping");
        return this;
    }

    /// <summary>Adds every mapping of <paramref name="other"/>.</summary>
    public LedgerMappings Add(LedgerMappings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var t in other._tables.Values)
        {
            if (_tables.TryGetValue(t.Name, out var had) && !had.SameShape(t))
                throw new InvalidOperationException($"ledger table '{t.Name}' is declared twice with different columns: {had} and {t}");
            _tables[t.Name] = t;
        }
        foreach (var (type, w) in other._writers)
            if (!_writers.TryAdd(type, w)) throw new InvalidOperationException($"{type.Name} already has a ledger mapping");
        return this;
    }

    /// <summary>True when <paramref name="recordType"/> has a mapping.</summary>
    public bool Maps(Type recordType) => _writers.ContainsKey(recordType);

    /// <summary>Writes <paramref name="record"/> through its mapping; a type without one throws.</summary>
    public void Write(LedgerRecord record, ILedgerWriter writer)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_writers.TryGetValue(record.GetType(), out var w))
            throw new InvalidOperationException($"the ledger has no mapping for {record.GetType().Name}: its module registers one (LedgerMappings.Map) when the ledger is created");
        w(record, writer);
    }
}
