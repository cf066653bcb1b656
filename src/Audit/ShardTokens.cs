using Pipeline.Tokens;

namespace Pipeline.Audit;

/// <summary>Reads the tokens of one shard file through <see cref="ShardReader"/> (both llm.c headers).</summary>
internal static class ShardTokens
{
    /// <summary>Up to <paramref name="maxTokens"/> tokens from the start of <paramref name="path"/>.</summary>
    public static int[] Read(string path, long maxTokens = long.MaxValue)
    {
        try
        {
            using var reader = ShardReader.Open(path);
            return reader.ReadWindow(0, (int)Math.Min(reader.TokenCount, maxTokens));
        }
        catch (InvalidDataException e)
        {
            throw new AuditInputException(e.Message, e);
        }
    }
}
