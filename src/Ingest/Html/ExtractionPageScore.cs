namespace Pipeline.Ingest.Html;

/// <summary>Precision and recall of one evaluated page.</summary>
public sealed record ExtractionPageScore(string Page, double Precision, double Recall);
