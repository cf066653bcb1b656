namespace Pipeline.Ingest.Html;

/// <summary>Result of <see cref="SnippetEval.Run"/>: snippet counts over all pages and the figures derived from them.</summary>
public sealed record SnippetEvalResult(
    int Pages, int TruePositives, int FalseNegatives, int FalsePositives, int TrueNegatives,
    double Precision, double Recall, double F1, double Accuracy, IReadOnlyList<SnippetPageScore> PageScores);
