namespace Pipeline.Ingest.Html;

/// <summary>Result of <see cref="ExtractionEval.Run"/>.</summary>
public sealed record ExtractionEvalResult(double Precision, double Recall, double F1, IReadOnlyList<ExtractionPageScore> Pages);
