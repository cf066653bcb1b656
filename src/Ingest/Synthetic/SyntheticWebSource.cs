using System.Runtime.CompilerServices;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Ingest.Synthetic;

/// <summary>
/// <c>ingest.synthetic_web</c>: yields this task's index range of <see cref="SyntheticWebGenerator"/> documents.
/// Blocks of documents are generated on the thread pool a few blocks ahead and yielded in index order.
/// </summary>
internal sealed class SyntheticWebSource(SyntheticWebOptions options) : SourceStep
{
    // Documents generated ahead are alive until the sink has seen them, so they survive gen0 collections: small
    // blocks keep that set (and the GC's copying) small. 256 matched 512 for throughput and halved GC pause time.
    private const int BlockSize = 256;

    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var generator = new SyntheticWebGenerator(options);
        var (start, end) = TaskSharding.Range(options.Count, context.Run.TaskIndex, context.Run.TaskCount);
        int ahead = Math.Max(2, Environment.ProcessorCount);
        var pending = new Queue<Task<Document[]>>();
        long next = start, yielded = 0;
        context.ReportProgress(0, end - start, "docs");
        while (next < end || pending.Count > 0)
        {
            while (pending.Count < ahead && next < end)
            {
                long s = next;
                int n = (int)Math.Min(BlockSize, end - s);
                next += n;
                pending.Enqueue(Task.Run(() =>
                {
                    var block = new Document[n];
                    generator.GenerateRange(s, block);
                    return block;
                }, cancellationToken));
            }
            var docs = await pending.Dequeue().ConfigureAwait(false);
            for (int i = 0; i < docs.Length; i++) yield return docs[i];
            yielded += docs.Length;
            context.ReportProgress(yielded, end - start, "docs");
        }
    }
}
