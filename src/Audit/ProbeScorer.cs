namespace Pipeline.Audit;

/// <summary>Scores probes by log-likelihood: each candidate's tokens after the prompt, summed.</summary>
public static class ProbeScorer
{
    /// <summary>Scores <paramref name="probe"/>; the answer is correct when it beats every distractor strictly.</summary>
    public static ProbeScore Score(ITokenScorer model, ITextCodec codec, Probe probe)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(probe);
        var prompt = codec.Encode(probe.Prompt.TrimEnd());
        double answer = Candidate(model, codec, prompt, probe.Answer);
        var distractors = probe.Distractors.Select(d => Candidate(model, codec, prompt, d)).ToList();
        double rank = 1 + distractors.Count(d => d > answer) + 0.5 * distractors.Count(d => d == answer);
        bool correct = distractors.All(d => d < answer);
        return new ProbeScore(probe, rank, correct, answer, distractors);
    }

    /// <summary>log p(" " + candidate | prompt) in nats, the prompt cut from the left to fit the context.</summary>
    internal static double Candidate(ITokenScorer model, ITextCodec codec, int[] prompt, string candidate)
    {
        var cand = codec.Encode(" " + candidate.Trim());
        if (cand.Length == 0) return double.NegativeInfinity;
        int maxLen = Math.Max(2, model.ContextLength + 1);
        if (cand.Length >= maxLen) cand = cand[..(maxLen - 1)];
        int keep = Math.Min(prompt.Length, maxLen - cand.Length);
        var seq = new int[keep + cand.Length];
        if (keep > 0) Array.Copy(prompt, prompt.Length - keep, seq, 0, keep);
        else
        {
            // No prompt token fits: condition on end-of-text as a document start.
            seq = [codec.EndOfText, .. cand];
            keep = 1;
        }
        Array.Copy(cand, 0, seq, keep, cand.Length);
        var lp = model.LogProbs(seq);
        double sum = 0;
        for (int i = keep - 1; i < lp.Length; i++) sum += lp[i];
        return sum;
    }
}
