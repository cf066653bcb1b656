namespace Pipeline.Provenance;

/// <summary>A document file after a takedown.</summary>
/// <param name="Path">The file.</param>
/// <param name="Kept">Documents left in it.</param>
/// <param name="Removed">Documents removed.</param>
/// <param name="Status">"rewritten", or "missing" when the file no longer exists.</param>
public sealed record RewrittenFile(string Path, long Kept, long Removed, string Status);
