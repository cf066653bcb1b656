namespace Pipeline.Audit;

/// <summary>A tokenizer as the audit sees it.</summary>
public interface ITextCodec
{
    /// <summary>The end-of-text token id.</summary>
    int EndOfText { get; }

    /// <summary>Token ids of <paramref name="text"/> (no end-of-text added).</summary>
    int[] Encode(string text);

    /// <summary>Text of <paramref name="tokens"/>.</summary>
    string Decode(ReadOnlySpan<int> tokens);
}
