namespace Pipeline.Audit.Tests;

/// <summary>Every one of <paramref name="vocab"/> tokens equally likely.</summary>
internal sealed class UniformModel(int vocab, int context) : ITokenScorer
{
    public int Calls { get; private set; }

    public int ContextLength => context;

    public double[] LogProbs(ReadOnlySpan<int> tokens)
    {
        Calls++;
        if (tokens.Length > context + 1) throw new InvalidOperationException("longer than the context");
        return Enumerable.Repeat(-Math.Log(vocab), Math.Max(0, tokens.Length - 1)).ToArray();
    }

    public void Dispose() { }
}

/// <summary>A bigram model with add-k smoothing, trained on token sequences.</summary>
internal sealed class BigramModel(int vocab) : ITokenScorer
{
    private readonly double[,] _counts = new double[vocab, vocab];
    private readonly double[] _rows = new double[vocab];

    public int ContextLength => 64;

    public BigramModel Train(IReadOnlyList<int> tokens)
    {
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            _counts[tokens[i], tokens[i + 1]]++;
            _rows[tokens[i]]++;
        }
        return this;
    }

    public double[] LogProbs(ReadOnlySpan<int> tokens)
    {
        var r = new double[Math.Max(0, tokens.Length - 1)];
        for (int i = 0; i + 1 < tokens.Length; i++)
            r[i] = Math.Log((_counts[tokens[i], tokens[i + 1]] + 0.01) / (_rows[tokens[i]] + 0.01 * vocab));
        return r;
    }

    public void Dispose() { }
}
