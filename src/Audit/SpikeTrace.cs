namespace Pipeline.Audit;

/// <summary>The documents behind one spike and where they came from (token-weighted shares).</summary>
public sealed record SpikeTrace
{
    /// <summary>The spike.</summary>
    public required Spike Spike { get; init; }

    /// <summary>Documents in the spike's batch with their tokens in it, most tokens first.</summary>
    public required IReadOnlyList<(DocumentFacts Document, long Tokens)> Documents { get; init; }

    /// <summary>Tokens of the batch per domain, most first.</summary>
    public required IReadOnlyList<(string Name, long Tokens)> Domains { get; init; }

    /// <summary>Tokens of the batch per source file, most first.</summary>
    public required IReadOnlyList<(string Name, long Tokens)> Sources { get; init; }

    /// <summary>Tokens of the batch per licence, most first.</summary>
    public required IReadOnlyList<(string Name, long Tokens)> Licences { get; init; }

    /// <summary>The source holding most of the batch's tokens ("" when untraceable).</summary>
    public string TopSource => Sources.Count > 0 ? Sources[0].Name : "";

    /// <summary>The domain holding most of the batch's tokens.</summary>
    public string TopDomain => Domains.Count > 0 ? Domains[0].Name : "";

    /// <summary>Why tracing stopped short, if it did.</summary>
    public string? Note { get; init; }
}
