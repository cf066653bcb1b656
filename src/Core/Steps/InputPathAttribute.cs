namespace Pipeline.Core.Steps;

/// <summary>
/// Marks an option holding input file paths or glob patterns: resolved against the DAG folder and checked to
/// match at least one file at validation (unless <see cref="Optional"/>, e.g. when inputs may come from <c>needs</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputPathAttribute : Attribute
{
    /// <summary>True when an empty or missing value is fine.</summary>
    public bool Optional { get; init; }

    /// <summary>
    /// True when the files are written while the run is under way, by an earlier stage of the same DAG (the removal
    /// lists of staged dedup): not checked at validation; the step reports a missing file when it opens.
    /// </summary>
    public bool WrittenByEarlierStage { get; init; }
}
