namespace Pipeline.Provenance;

/// <summary>What a <see cref="TakedownSelector"/> matches on.</summary>
public enum TakedownSelectorKind
{
    /// <summary>The exact URL.</summary>
    Url,
    /// <summary>The domain or host, subdomains included.</summary>
    Domain,
    /// <summary>The document id.</summary>
    Doc,
}
