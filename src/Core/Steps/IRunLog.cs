namespace Pipeline.Core.Steps;

/// <summary>Where library code sends human-readable messages (the CLI decides how to show them).</summary>
public interface IRunLog
{
    /// <summary>Progress or facts worth a line.</summary>
    void Info(string message);

    /// <summary>Something the user should look at; the run goes on.</summary>
    void Warn(string message);
}
