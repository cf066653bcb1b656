namespace Pipeline.Audit;

/// <summary>Held-out perplexity of one domain: <c>exp(nats / tokens)</c>; bits per byte = nats / ln 2 / UTF-8 bytes.</summary>
public sealed record DomainPerplexity(string Domain, long Tokens, double Nats, long Bytes)
{
    /// <summary>Mean loss in nats per token.</summary>
    public double LossPerToken => Tokens == 0 ? double.NaN : Nats / Tokens;

    /// <summary>Perplexity per token.</summary>
    public double Perplexity => Math.Exp(LossPerToken);

    /// <summary>Bits per UTF-8 byte of the scored text (comparable across tokenizers).</summary>
    public double BitsPerByte => Bytes == 0 ? double.NaN : Nats / Math.Log(2) / Bytes;
}
