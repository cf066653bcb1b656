using Pipeline.Core.Documents;

namespace Pipeline.Core.Steps;

/// <summary>
/// Document in, outcome out. With <c>workers: N</c> the runner calls one instance from N workers at once,
/// unless <see cref="Sequential"/> is true, so keep instance state thread-safe or immutable.
/// Output order is restored by the runner whatever the worker count.
/// </summary>
public abstract class ProcessorStep : Step
{
    /// <summary>True when documents must be processed one batch at a time in input order (dedup, stateful steps).</summary>
    public virtual bool Sequential => false;

    /// <summary>Called once before the first document.</summary>
    public virtual ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Processes one document.</summary>
    public abstract ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken);

    /// <summary>Processes a batch, writing one outcome per input into <paramref name="outcomes"/>.
    /// Override to parallelise inside a batch or to amortise work (the default calls <see cref="ProcessAsync"/> per document).</summary>
    public virtual async ValueTask ProcessBatchAsync(ReadOnlyMemory<Document> batch, Memory<Outcome> outcomes, StepContext context, CancellationToken cancellationToken)
    {
        for (int i = 0; i < batch.Length; i++)
        {
            var pending = ProcessAsync(batch.Span[i], context, cancellationToken);
            var outcome = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            outcomes.Span[i] = outcome;
        }
    }

    /// <summary>Called once after the last document; returns artifacts written on the side (cluster tables, reports).</summary>
    public virtual ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Artifact>>([]);
}
