namespace Pipeline.Tokens;

/// <summary>
/// The llm.c token shard layout: a header of 256 little-endian int32 ([0] magic, [1] version, [2] token count)
/// followed by the tokens, uint16 (version 1) or uint32 (version 2), little-endian.
/// </summary>
public static class ShardFormat
{
    /// <summary>Header word 0.</summary>
    public const int Magic = 20240520;

    /// <summary>Header version for uint16 tokens.</summary>
    public const int VersionUInt16 = 1;

    /// <summary>Header version for uint32 tokens.</summary>
    public const int VersionUInt32 = 2;

    /// <summary>Header length in int32 words.</summary>
    public const int HeaderInts = 256;

    /// <summary>Header length in bytes.</summary>
    public const int HeaderBytes = HeaderInts * sizeof(int);

    /// <summary>The version to use for a vocabulary of <paramref name="vocabSize"/> ids (0 .. vocabSize-1).</summary>
    public static int VersionFor(int vocabSize) => vocabSize <= 65536 ? VersionUInt16 : VersionUInt32;

    /// <summary>Bytes per token of <paramref name="version"/>.</summary>
    public static int BytesPerToken(int version) => version switch
    {
        VersionUInt16 => 2,
        VersionUInt32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "shard version must be 1 (uint16) or 2 (uint32)"),
    };
}
