namespace Pipeline.Core.Running;

/// <summary>A step threw: carries the step id; the original exception is the inner one.</summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Wraps <paramref name="inner"/> thrown by step <paramref name="stepId"/>.</summary>
    public StepFailedException(string stepId, string uses, Exception inner)
        : base($"step '{stepId}' ({uses}) failed: {inner.Message}", inner)
    {
        StepId = stepId;
        Uses = uses;
    }

    /// <summary>Creates an exception with a message.</summary>
    public StepFailedException() : base("step failed") { StepId = ""; Uses = ""; }

    /// <summary>Creates an exception with a message.</summary>
    public StepFailedException(string message) : base(message) { StepId = ""; Uses = ""; }

    /// <summary>Creates an exception with a message and cause.</summary>
    public StepFailedException(string message, Exception inner) : base(message, inner) { StepId = ""; Uses = ""; }

    /// <summary>The failing step's id.</summary>
    public string StepId { get; }

    /// <summary>The failing step's registered name.</summary>
    public string Uses { get; }
}
