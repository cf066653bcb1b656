namespace Pipeline.Core.Ledger;

/// <summary>One column of a ledger table, as a mapping writes it.</summary>
/// <param name="Name">The column's name in the table.</param>
/// <param name="Type">Its type.</param>
public sealed record LedgerColumn(string Name, LedgerColumnType Type);
