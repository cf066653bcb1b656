namespace Pipeline.Tokens;

/// <summary>One shard file of a shard set, as listed in manifest.json.</summary>
public sealed record ShardEntry
{
    /// <summary>File name inside the shard-set folder (e.g. "train_000000.bin").</summary>
    public required string File { get; init; }

    /// <summary>"train" or "val".</summary>
    public required string Split { get; init; }

    /// <summary>For per-domain validation shards the domain; null for the mixed train/val shards.</summary>
    public string? Domain { get; init; }

    /// <summary>Tokens in the shard (end-of-text tokens included).</summary>
    public long Tokens { get; init; }

    /// <summary>Document placements in the shard (an up-sampled document counts once per copy).</summary>
    public long Documents { get; init; }

    /// <summary>SHA-256 of the file, lower-case hex.</summary>
    public required string Sha256 { get; init; }
}
