namespace Pipeline.Core.Steps;

/// <summary>Discards messages (tests, library use).</summary>
public sealed class NullRunLog : IRunLog
{
    /// <summary>The shared instance.</summary>
    public static readonly NullRunLog Instance = new();

    /// <inheritdoc/>
    public void Info(string message) { }

    /// <inheritdoc/>
    public void Warn(string message) { }
}
