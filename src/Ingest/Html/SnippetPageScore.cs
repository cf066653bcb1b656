namespace Pipeline.Ingest.Html;

/// <summary>Snippet counts of one page of a <see cref="SnippetEval"/> set.</summary>
public sealed record SnippetPageScore(string Page, int TruePositives, int FalseNegatives, int FalsePositives, int TrueNegatives);
