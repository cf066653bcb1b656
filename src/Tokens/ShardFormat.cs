using System.Buffers.Binary;

namespace Pipeline.Tokens;

/// <summary>
/// The llm.c token shard layout: a header of 256 little-endian int32 ([0] magic, [1] version, [2] token count)
/// followed by the tokens, little-endian. llm.c knows two headers: magic 20240520 / version 1 with uint16 tokens
/// (GPT-2 sized vocabularies) and magic 20240801 / version 7 with uint32 tokens (vocabularies over 65,536 ids,
/// e.g. cl100k or o200k). Any other pair is refused. The version number selects the pair throughout this module.
/// </summary>
public static class ShardFormat
{
    /// <summary>Header word 0 of a uint16 shard.</summary>
    public const int MagicUInt16 = 20240520;

    /// <summary>Header word 1 of a uint16 shard.</summary>
    public const int VersionUInt16 = 1;

    /// <summary>Header word 0 of a uint32 shard.</summary>
    public const int MagicUInt32 = 20240801;

    /// <summary>Header word 1 of a uint32 shard.</summary>
    public const int VersionUInt32 = 7;

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
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, $"shard version must be {VersionUInt16} (uint16) or {VersionUInt32} (uint32)"),
    };

    /// <summary>The magic that goes with <paramref name="version"/>.</summary>
    public static int MagicFor(int version) => version switch
    {
        VersionUInt16 => MagicUInt16,
        VersionUInt32 => MagicUInt32,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, $"shard version must be {VersionUInt16} (uint16) or {VersionUInt32} (uint32)"),
    };

    /// <summary>Writes the first three header words for <paramref name="version"/> and <paramref name="tokenCount"/>.</summary>
    public static void WriteHeader(Span<byte> header, int version, int tokenCount)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, MagicFor(version));
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], version);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], tokenCount);
    }

    /// <summary>
    /// Checks the first 12 header bytes of <paramref name="path"/> and returns (version, token count); throws
    /// <see cref="InvalidDataException"/> naming the file and the values found when the pair is not one llm.c knows.
    /// </summary>
    public static (int Version, long TokenCount) ReadHeader(string path, ReadOnlySpan<byte> header)
    {
        int magic = BinaryPrimitives.ReadInt32LittleEndian(header);
        int version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        long count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        bool known = (magic, version) is (MagicUInt16, VersionUInt16) or (MagicUInt32, VersionUInt32);
        if (!known)
        {
            string hint = (magic, version) is (MagicUInt16, 2)
                ? "; this is the uint32 header earlier versions of this pipeline wrote, rebuild the shard set"
                : magic is MagicUInt16 or MagicUInt32 ? "" : "; not an llm.c token shard";
            throw new InvalidDataException(
                $"{path}: unknown shard header magic {magic} version {version} (llm.c knows {MagicUInt16}/{VersionUInt16} for uint16 tokens and {MagicUInt32}/{VersionUInt32} for uint32 tokens){hint}");
        }
        return (version, count);
    }
}
