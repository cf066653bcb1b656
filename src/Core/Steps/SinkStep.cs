using Pipeline.Core.Documents;

namespace Pipeline.Core.Steps;

/// <summary>
/// Consumes documents in order on one worker. Write to a temporary name (<see cref="AtomicFile"/>) and
/// publish in <see cref="CompleteAsync"/>, so no half-written file ever looks final.
/// </summary>
public abstract class SinkStep : Step
{
    /// <summary>Called once before the first document.</summary>
    public abstract ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Consumes one document.</summary>
    public abstract ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken);

    /// <summary>Finishes the output (rename temporaries into place) and returns what was written.</summary>
    public abstract ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Called instead of <see cref="CompleteAsync"/> when the run fails or is cancelled: delete temporaries.</summary>
    public virtual ValueTask AbortAsync() => ValueTask.CompletedTask;
}
