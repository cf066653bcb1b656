using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>A pass-through processor that must see documents in order (like dedup).</summary>
public sealed class SequentialStep : ProcessorStep
{
    public override bool Sequential => true;

    public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Outcome.Keep(document));
}
