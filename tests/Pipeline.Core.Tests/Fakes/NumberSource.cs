using System.Runtime.CompilerServices;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>Documents "n 0", "n 1", ... with meta n.</summary>
public sealed class NumberSource(NumberSourceOptions options) : SourceStep
{
    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = 0; i < options.Count; i++)
        {
            if (i == options.FailAfter) throw new InvalidDataException($"source broke at {i}");
            if (options.DelayMs > 0) await Task.Delay(options.DelayMs, cancellationToken);
            yield return new Document($"d{i}", $"n {i}", SourceRef.Synthetic("numbers", i)).WithMeta("n", i);
        }
    }
}
