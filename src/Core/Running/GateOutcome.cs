namespace Pipeline.Core.Running;

/// <summary>One <c>fail_on</c> rule checked at the end of a run: the rule, the metric it reads, the measured value
/// (null when nothing was measured) and whether the run passed it; <paramref name="Detail"/> says why it failed.</summary>
public sealed record GateOutcome(string Rule, string Metric, double? Measured, bool Passed, string? Detail);
