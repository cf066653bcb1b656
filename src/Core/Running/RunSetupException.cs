namespace Pipeline.Core.Running;

/// <summary>
/// The run could not start because of its configuration or the file system (output_dir is a file, cannot be written,
/// or is in use by another run). Nothing ran; the CLI exits 2 with <see cref="Exception.Message"/> as the one-line cause.
/// </summary>
public sealed class RunSetupException : Exception
{
    /// <summary>Creates the exception with its one-line cause.</summary>
    public RunSetupException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line cause and the underlying error.</summary>
    public RunSetupException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates an exception with a default message.</summary>
    public RunSetupException() : base("the run could not start") { }
}
