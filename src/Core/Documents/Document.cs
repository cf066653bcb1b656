namespace Pipeline.Core.Documents;

/// <summary>
/// One document flowing through a pipeline. Immutable: a step that changes it returns
/// <c>doc with { Text = ... }</c> or <c>doc.WithMeta(...)</c>.
/// </summary>
/// <param name="Id">Stable id: by default a hash of source file and record offset (<see cref="DocumentId"/>).</param>
/// <param name="Text">The text.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Meta">Metadata added by readers and steps (language, licence, domain, scores).</param>
public sealed record Document(string Id, string Text, SourceRef Source, Meta Meta)
{
    /// <summary>Creates a document with empty metadata.</summary>
    public Document(string id, string text, SourceRef source) : this(id, text, source, Meta.Empty) { }

    /// <summary>Returns a copy with one metadata value set.</summary>
    public Document WithMeta(string key, object value) => this with { Meta = Meta.Set(key, value) };

    /// <summary>Returns a copy with one metadata key removed.</summary>
    public Document WithoutMeta(string key) => this with { Meta = Meta.Remove(key) };
}
