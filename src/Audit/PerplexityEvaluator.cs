using System.Text;

namespace Pipeline.Audit;

/// <summary>
/// Scores a token stream in windows of <see cref="ITokenScorer.ContextLength"/> + 1 tokens that overlap by one,
/// so every token after the first is predicted exactly once from up to a full context. End-of-text targets are
/// left out of both the nats and the bytes, so bits per byte measures the text only.
/// </summary>
public static class PerplexityEvaluator
{
    /// <summary>Perplexity and bits per byte of <paramref name="tokens"/> under <paramref name="model"/>.</summary>
    public static DomainPerplexity Evaluate(string domain, ITokenScorer model, ITextCodec codec, ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(codec);
        int window = Math.Max(2, model.ContextLength + 1);
        long scored = 0, bytes = 0;
        double nats = 0;
        var run = new List<int>();
        for (int start = 0; start + 1 < tokens.Length; start += window - 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = tokens.Slice(start, Math.Min(window, tokens.Length - start));
            var lp = model.LogProbs(slice);
            for (int i = 0; i < lp.Length; i++)
            {
                int target = slice[i + 1];
                if (target == codec.EndOfText)
                {
                    bytes += Bytes(codec, run);
                    continue;
                }
                nats -= lp[i];
                scored++;
                run.Add(target);
            }
        }
        bytes += Bytes(codec, run);
        return new DomainPerplexity(domain, scored, nats, bytes);
    }

    private static long Bytes(ITextCodec codec, List<int> run)
    {
        if (run.Count == 0) return 0;
        long n = Encoding.UTF8.GetByteCount(codec.Decode(run.ToArray()));
        run.Clear();
        return n;
    }
}
