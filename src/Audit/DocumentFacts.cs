namespace Pipeline.Audit;

/// <summary>What the ledger knows about a document's origin.</summary>
public sealed record DocumentFacts(string DocumentId, string? Domain, string? SourceFile, string? Url, string? Licence);
