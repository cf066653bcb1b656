namespace Pipeline.Filters.Pii;

/// <summary>One evaluation error: a prediction no label supports (<see cref="Missed"/> false) or a label no prediction found.</summary>
public sealed record PiiEvaluationError(int Record, string Type, bool Missed, string Value, string Context);
