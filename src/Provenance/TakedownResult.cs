namespace Pipeline.Provenance;

/// <summary>What <see cref="LedgerTakedown.Apply"/> did.</summary>
/// <param name="Files">Each document file: path, documents left, documents removed, "rewritten" or "missing".</param>
/// <param name="Documents">Documents taken down.</param>
public sealed record TakedownResult(IReadOnlyList<RewrittenFile> Files, int Documents);
