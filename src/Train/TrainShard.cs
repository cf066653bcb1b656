using Pipeline.Tokens;

namespace Pipeline.Train;

/// <summary>An open shard and its file name (as recorded in batch references).</summary>
internal sealed record TrainShard(string Name, ShardReader Reader)
{
    public long TokenCount => Reader.TokenCount;

    public static TrainShard Open(string path) => new(Path.GetFileName(path), ShardReader.Open(path));

    /// <summary>Largest token id in the shard (a full scan).</summary>
    public long MaxToken()
    {
        long max = 0;
        var buf = new long[1 << 16];
        for (long at = 0; at < TokenCount; at += buf.Length)
        {
            int n = (int)Math.Min(buf.Length, TokenCount - at);
            Reader.Read(at, buf.AsSpan(0, n));
            for (int i = 0; i < n; i++) if (buf[i] > max) max = buf[i];
        }
        return max;
    }
}
