namespace Pipeline.Core.Steps;

/// <summary>Runs once all steps it needs have completed, on their artifacts (paths), not on documents.</summary>
public abstract class ArtifactStep : Step
{
    /// <summary>Does the work; <see cref="StepContext.Inputs"/> holds the artifacts of each needed step.</summary>
    public abstract Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken);
}
