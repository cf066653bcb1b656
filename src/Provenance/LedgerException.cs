namespace Pipeline.Provenance;

/// <summary>A problem with a ledger the user can fix: missing file, bad SQL, a write attempt, an unknown document.</summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerException() { }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public LedgerException(string message, Exception inner) : base(message, inner) { }
}
