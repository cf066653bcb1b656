namespace Pipeline.Core.Ledger;

/// <summary>
/// A ledger table as a mapping writes it: its name and its columns in table order, after the two every run table
/// starts with (<c>run_id</c>, <c>seq</c>, which the ledger fills). The ledger checks the names and types against the
/// table when it opens, so a mapping that disagrees with the table fails there, not in a query months later.
/// </summary>
public sealed class LedgerTable
{
    /// <summary>Declares table <paramref name="name"/> with <paramref name="columns"/> (name, type) in table order.</summary>
    public LedgerTable(string name, params (string Name, LedgerColumnType Type)[] columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(columns);
        Name = name;
        Columns = columns.Select(c => new LedgerColumn(c.Name, c.Type)).ToList();
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>Columns after <c>run_id</c> and <c>seq</c>, in table order.</summary>
    public IReadOnlyList<LedgerColumn> Columns { get; }

    /// <summary>True when <paramref name="other"/> declares the same columns.</summary>
    public bool SameShape(LedgerTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name == other.Name && Columns.SequenceEqual(other.Columns);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}({string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"))})";
}
