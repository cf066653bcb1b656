using Pipeline.Core.Documents;

namespace Pipeline.Core.Steps;

/// <summary>A synchronous keep/drop decision per document (write only <see cref="Decide"/>).</summary>
public abstract class FilterStep : ProcessorStep
{
    /// <summary>Keep (possibly with metadata added) or drop with a reason.</summary>
    protected abstract Outcome Decide(Document document);

    /// <inheritdoc/>
    public sealed override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken) => new(Decide(document));

    /// <inheritdoc/>
    public override ValueTask ProcessBatchAsync(ReadOnlyMemory<Document> batch, Memory<Outcome> outcomes, StepContext context, CancellationToken cancellationToken)
    {
        var input = batch.Span;
        var output = outcomes.Span;
        for (int i = 0; i < input.Length; i++) output[i] = Decide(input[i]);
        return ValueTask.CompletedTask;
    }
}
