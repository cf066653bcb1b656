using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>A buggy processor: keeps every document and also reports each one skipped, so its counts cannot balance.</summary>
public sealed class MiscountStep : ProcessorStep
{
    public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        context.ReportSkipped("miscount:counted_twice");
        return ValueTask.FromResult(Outcome.Keep(document));
    }
}
