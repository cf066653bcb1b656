using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary>Options of <c>audit.perplexity</c>.</summary>
public sealed class PerplexityOptions
{
    [Description("Checkpoint folder; default: the checkpoint of a needed train.gpt step")]
    [InputPath(Optional = true)]
    public string? Checkpoint { get; init; }

    [Description("Shard-set folder with val_DOMAIN_*.bin; default: a needed tokens.shards step")]
    [InputPath(Optional = true)]
    public string? Shards { get; init; }

    [Description("Tokenizer file; default: a needed tokenizer step, else the one recorded with the checkpoint")]
    [InputPath(Optional = true)]
    public string? Tokenizer { get; init; }

    [Description("Held-out tokens scored per domain at most (time bound)")]
    [Range(16, 1_000_000_000)]
    public int MaxTokensPerDomain { get; init; } = 20_000;

    [Description("Where to score")]
    [AllowedValues("auto", "cpu", "cuda")]
    public string Device { get; init; } = "cpu";
}
