namespace Pipeline.Audit;

/// <summary>A language model as the audit sees it: log-probabilities of each next token.</summary>
public interface ITokenScorer : IDisposable
{
    /// <summary>Longest sequence the model accepts (its context length + 1 tokens may be scored per call).</summary>
    int ContextLength { get; }

    /// <summary>For <c>tokens[0..n)</c>, returns n-1 values: element i is log p(tokens[i+1] | tokens[0..i]) in nats.</summary>
    double[] LogProbs(ReadOnlySpan<int> tokens);
}
