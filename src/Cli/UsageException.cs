namespace Pipeline.Cli;

/// <summary>A user mistake on the command line or in a file: one clear message, exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception inner) : base(message, inner) { }
}
