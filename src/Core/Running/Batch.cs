using Pipeline.Core.Documents;

namespace Pipeline.Core.Running;

/// <summary>
/// A run of documents moving along an edge. Shared read-only by every consumer of the edge.
/// <see cref="Bytes"/> holds each document's UTF-8 text length, measured once where the document entered the
/// stream (or changed), so later steps count bytes without re-encoding unchanged text.
/// </summary>
internal sealed class Batch(Document[] docs, int count, int[] bytes)
{
    public static readonly Batch Empty = new([], 0, []);

    public Document[] Docs { get; } = docs;
    public int Count { get; } = count;
    public int[] Bytes { get; } = bytes;
    public ReadOnlyMemory<Document> Memory => Docs.AsMemory(0, Count);
}
