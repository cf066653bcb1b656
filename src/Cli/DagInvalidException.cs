using Pipeline.Core.Dag;

namespace Pipeline.Cli;

/// <summary>A DAG failed validation: every error is listed, exit code 2.</summary>
internal sealed class DagInvalidException : Exception
{
    public DagInvalidException(string path, IReadOnlyList<DagError> errors)
        : base($"{path}: {errors.Count} error(s)")
    {
        Path = path;
        Errors = errors;
    }

    public DagInvalidException() : this("", []) { }

    public DagInvalidException(string message) : this(message, []) { }

    public DagInvalidException(string message, Exception inner) : base(message, inner)
    {
        Path = "";
        Errors = [];
    }

    public string Path { get; }

    public IReadOnlyList<DagError> Errors { get; }
}
