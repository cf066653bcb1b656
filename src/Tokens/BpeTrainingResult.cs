namespace Pipeline.Tokens;

/// <summary>What <see cref="BpeTrainer"/> produced: token byte strings in rank order (0-255 are the single bytes).</summary>
public sealed record BpeTrainingResult(IReadOnlyList<byte[]> Tokens, int Merges, long UniqueWords, long SampleChars, TimeSpan Elapsed)
{
    /// <summary>Id of &lt;|endoftext|&gt; once saved (right after the last rank).</summary>
    public int EotId => Tokens.Count;

    /// <summary>Ranks plus the end-of-text token.</summary>
    public int VocabSize => Tokens.Count + 1;
}
