namespace Pipeline.Ingest.Html;

/// <summary>What <see cref="MainTextExtractor"/> found in a page.</summary>
internal sealed record ExtractionResult(string Text, string? Title, string? Language, string? Licence, string? LicenceEvidence, IReadOnlyList<string> OptOut);
