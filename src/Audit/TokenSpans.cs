using Pipeline.Tokens;

namespace Pipeline.Audit;

/// <summary>Position in a shard → documents with token overlap, over the shard set's <see cref="TokenIndex"/>.</summary>
public sealed class TokenSpans(TokenIndex index)
{
    /// <summary>The index.</summary>
    public TokenIndex Index { get; } = index;

    /// <summary>Loads <c>index.jsonl</c> from a shard-set folder.</summary>
    public static TokenSpans Load(string shardSetFolder)
    {
        try
        {
            return new TokenSpans(TokenIndex.Load(shardSetFolder));
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new AuditInputException($"{shardSetFolder}: cannot read the token index for spike forensics ({ex.Message})", ex);
        }
    }

    /// <summary>Documents overlapping tokens [offset, offset+length) of <paramref name="shard"/>, with the overlap in tokens.</summary>
    public IReadOnlyList<(TokenIndexEntry Span, long Overlap)> Find(string shard, long offset, long length)
    {
        long end = offset + length;
        return Index.FindRange(shard, offset, length)
            .Select(e => (e, Math.Min(end, e.TokenStart + e.TokenCount) - Math.Max(offset, e.TokenStart)))
            .Where(x => x.Item2 > 0).ToList();
    }
}
