namespace Pipeline.Core.Running;

/// <summary>A step-specific figure reported through <see cref="Steps.StepContext.Metric"/> (tokens written, merges, …).</summary>
/// <param name="Name">Snake-case name, unique within the step ("train_tokens").</param>
/// <param name="Value">The latest value reported.</param>
/// <param name="Unit">Unit ("tokens", "files", "s").</param>
public sealed record StepMetric(string Name, double Value, string Unit);
