using Pipeline.Core.Documents;

namespace Pipeline.Core.Steps;

/// <summary>A step that produces documents. Runs on one worker; may parallelise inside.</summary>
public abstract class SourceStep : Step
{
    /// <summary>Yields the documents of this task's share of the input. Report bad records through
    /// <see cref="StepContext.ReportError"/>, records skipped on purpose through <see cref="StepContext.ReportSkipped"/>.</summary>
    public abstract IAsyncEnumerable<Document> ReadAsync(StepContext context, CancellationToken cancellationToken);
}
