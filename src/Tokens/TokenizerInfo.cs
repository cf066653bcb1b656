namespace Pipeline.Tokens;

/// <summary>The tokenizer a shard set was encoded with.</summary>
public sealed record TokenizerInfo
{
    /// <summary>Prebuilt encoding name ("cl100k_base") or the rank file's name.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the rank file once loaded (stored relative to the shard-set folder); null for a prebuilt encoding.</summary>
    public string? Path { get; init; }

    /// <summary>SHA-256 of the rank file; null for a prebuilt encoding.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Number of token ids (ranks plus special tokens).</summary>
    public int VocabSize { get; init; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c>.</summary>
    public int EotId { get; init; }
}
