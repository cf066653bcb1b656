namespace Pipeline.Audit;

/// <summary>An audit input the user can fix (bad metrics line, missing shard folder, unreadable probe file).</summary>
public sealed class AuditInputException : Exception
{
    /// <summary>Creates the exception with a message naming the file and what to do.</summary>
    public AuditInputException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause.</summary>
    public AuditInputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public AuditInputException() { }
}
