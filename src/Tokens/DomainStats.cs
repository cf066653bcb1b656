namespace Pipeline.Tokens;

/// <summary>Counts of one domain in a shard set.</summary>
public sealed record DomainStats
{
    /// <summary>Distinct input documents of the domain (before the mixture).</summary>
    public long Documents { get; init; }

    /// <summary>Document placements in train shards (after up/down-sampling).</summary>
    public long TrainDocuments { get; init; }

    /// <summary>Tokens in train shards (after up/down-sampling).</summary>
    public long TrainTokens { get; init; }

    /// <summary>Validation documents.</summary>
    public long ValDocuments { get; init; }

    /// <summary>Validation tokens.</summary>
    public long ValTokens { get; init; }

    /// <summary>Mixture weight applied to the domain's train documents.</summary>
    public double Weight { get; init; } = 1.0;
}
