namespace Pipeline.Provenance;

/// <summary>One takedown criterion: documents with this URL, of this domain (host or registrable domain,
/// subdomains included), or with this id.</summary>
public sealed record TakedownSelector(TakedownSelectorKind Kind, string Value)
{
    /// <inheritdoc/>
    public override string ToString() => $"--{Kind.ToString().ToLowerInvariant()} {Value}";
}
