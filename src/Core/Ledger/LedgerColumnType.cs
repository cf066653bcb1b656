namespace Pipeline.Core.Ledger;

/// <summary>The column types a ledger table mapping may declare.</summary>
public enum LedgerColumnType
{
    /// <summary>UTF-8 text (DuckDB VARCHAR).</summary>
    Text,

    /// <summary>64-bit integer (BIGINT).</summary>
    BigInt,

    /// <summary>32-bit integer (INTEGER).</summary>
    Integer,

    /// <summary>Double (DOUBLE).</summary>
    Double,

    /// <summary>Instant with offset (TIMESTAMPTZ).</summary>
    Timestamp,

    /// <summary>List of text (VARCHAR[]).</summary>
    TextList,
}
