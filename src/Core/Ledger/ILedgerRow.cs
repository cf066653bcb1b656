namespace Pipeline.Core.Ledger;

/// <summary>
/// One row being written to a ledger table: values in the table's column order (<see cref="LedgerTable.Columns"/>);
/// a value of the wrong type for its column, or a row ended early, throws.
/// </summary>
public interface ILedgerRow
{
    /// <summary>A text value (null as NULL).</summary>
    ILedgerRow Text(string? value);

    /// <summary>A BIGINT value.</summary>
    ILedgerRow BigInt(long? value);

    /// <summary>An INTEGER value.</summary>
    ILedgerRow Integer(int? value);

    /// <summary>A DOUBLE value.</summary>
    ILedgerRow Double(double? value);

    /// <summary>A TIMESTAMPTZ value.</summary>
    ILedgerRow Timestamp(DateTimeOffset? value);

    /// <summary>A VARCHAR[] value (empty or null as NULL).</summary>
    ILedgerRow TextList(IReadOnlyList<string>? value);

    /// <summary>Ends the row (every column must have a value).</summary>
    void End();
}
