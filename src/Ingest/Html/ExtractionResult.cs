namespace Pipeline.Ingest.Html;

/// <summary>What <see cref="MainTextExtractor"/> found in a page; <paramref name="Rejected"/> is the reason a page was not extracted at all ("too_deep": nested beyond the budget).</summary>
internal sealed record ExtractionResult(string Text, string? Title, string? Language, string? Licence, string? LicenceEvidence, IReadOnlyList<string> OptOut, string? Rejected = null);
