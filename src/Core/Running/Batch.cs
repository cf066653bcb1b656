using Pipeline.Core.Documents;

namespace Pipeline.Core.Running;

/// <summary>A run of documents moving along an edge. Shared read-only by every consumer of the edge.</summary>
internal sealed class Batch(Document[] docs, int count)
{
    public static readonly Batch Empty = new([], 0);

    public Document[] Docs { get; } = docs;
    public int Count { get; } = count;
    public ReadOnlyMemory<Document> Memory => Docs.AsMemory(0, Count);
}
