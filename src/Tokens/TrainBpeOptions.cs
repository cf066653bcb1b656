using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary>Options of <c>tokens.train_bpe</c>.</summary>
public sealed class TrainBpeOptions
{
    /// <summary>Vocabulary size.</summary>
    [Description("Vocabulary size: 256 byte tokens + merges + <|endoftext|> (e.g. 4096 to 65536)")]
    [Range(258, 1_000_000)]
    public int VocabSize { get; init; } = 8192;

    /// <summary>Sample budget in characters.</summary>
    [Description("Characters of the stream kept as the training sample (reservoir of ~4 KB chunks; memory stays bounded)")]
    [Range(4096d, 4e9)]
    public long SampleChars { get; init; } = 64L << 20;

    /// <summary>Output rank file.</summary>
    [Description("Tokenizer file to write (tiktoken rank format; special tokens in FILE.json beside it)")]
    [OutputPath]
    public string Output { get; init; } = "tokenizer.tiktoken";

    /// <summary>Sampling seed.</summary>
    [Description("Seed of the reservoir sample")]
    public int Seed { get; init; } = 1234;
}
