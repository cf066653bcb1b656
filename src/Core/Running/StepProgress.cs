namespace Pipeline.Core.Running;

/// <summary>
/// How far a step has got: <paramref name="Done"/> of <paramref name="Total"/> units (a total of 0 or less is unknown),
/// with an optional short <paramref name="Detail"/> such as "loss 3.21, 12,345 tok/s". Steps report it through
/// <see cref="Steps.StepContext.ReportProgress"/>; progress views read it from <see cref="StepStats.Progress"/>.
/// </summary>
/// <param name="Done">Units done so far.</param>
/// <param name="Total">Units in all; 0 or less when not known.</param>
/// <param name="Unit">What is counted ("bytes", "docs", "steps", "chars", "merges", "tokens", "probes").</param>
/// <param name="Detail">A few words more (current loss, phase), or null.</param>
public sealed record StepProgress(long Done, long Total, string Unit, string? Detail = null)
{
    /// <summary>True when the total is known.</summary>
    public bool HasTotal => Total > 0;

    /// <summary>Done as a fraction of the total (0..1), or null when the total is unknown.</summary>
    public double? Fraction => Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : null;
}
