namespace Pipeline.Audit;

/// <summary>One slice of a training batch: <paramref name="Length"/> tokens from <paramref name="Offset"/> in shard file <paramref name="Shard"/>.</summary>
public sealed record BatchRef(string Shard, long Offset, long Length);
