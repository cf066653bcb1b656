using System.Runtime.CompilerServices;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>Documents "n 0", "n 1", ... with meta n.</summary>
public sealed class NumberSource(NumberSourceOptions options) : SourceStep
{
    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // a scheduler task reads its contiguous range, as the real generators do
        var (start, end) = Pipeline.Core.Util.TaskSharding.Range(options.Count, context.Run.TaskIndex, context.Run.TaskCount);
        for (int i = (int)start; i < end; i++)
        {
            if (i == options.FailAfter) throw new InvalidDataException($"source broke at {i}");
            if (options.DelayMs > 0) await Task.Delay(options.DelayMs, cancellationToken);
            yield return new Document($"d{i}", $"n {i}", SourceRef.Synthetic("numbers", i)).WithMeta("n", i);
        }
    }
}
