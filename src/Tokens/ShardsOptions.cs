using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary>Options of <c>tokens.shards</c>.</summary>
public sealed class ShardsOptions : IValidatableOptions
{
    /// <summary>Tokenizer file or prebuilt name.</summary>
    [Description("Tokenizer: a tiktoken rank file (relative to the DAG folder) or cl100k_base / o200k_base; default: the tokenizer artifact of a needed tokens.train_bpe step")]
    public string? Tokenizer { get; init; }

    /// <summary>Output folder.</summary>
    [Description("Shard-set folder to write (manifest.json, index.jsonl, train_*.bin, val_*.bin)")]
    [OutputPath]
    public string Output { get; init; } = "shards";

    /// <summary>Tokens per shard.</summary>
    [Description("Target tokens per shard file; a document is never split, so a shard may exceed this by one document")]
    [Range(1024, int.MaxValue)]
    public long ShardTokens { get; init; } = 10_000_000;

    /// <summary>Validation fraction.</summary>
    [Description("Fraction of documents sent to validation, chosen by a hash of the document id")]
    [Range(0.0, 1.0)]
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>Domain metadata key.</summary>
    [Description("Metadata key naming a document's domain (missing: \"unknown\")")]
    public string DomainKey { get; init; } = "domain";

    /// <summary>Most per-domain validation sets.</summary>
    [Description("At most this many domains get their own validation shards (largest by documents); the rest are pooled as \"other\"")]
    [Range(1, 4096)]
    public int MaxDomains { get; init; } = 16;

    /// <summary>Mixture weights.</summary>
    [Description("Per-domain sampling weights for train documents: 2.0 writes each document twice, 0.5 keeps half (by id hash); missing domains 1.0")]
    public Dictionary<string, double>? Mixture { get; init; }

    /// <summary>Mixture weights file.</summary>
    [Description("JSON file {\"weights\": {\"domain\": 1.5}} (e.g. an audit's next_mixture.json); merged under 'mixture'")]
    [InputPath(Optional = true)]
    public string? MixtureFile { get; init; }

    /// <summary>Encoding threads.</summary>
    [Description("Threads encoding documents (0 = all cores); the output does not depend on it")]
    [Range(0, 1024)]
    public int Workers { get; init; }

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Mixture is not null)
            foreach (var (k, v) in Mixture)
                if (!(v >= 0) || double.IsInfinity(v)) yield return ("mixture", $"weight of '{k}' must be a finite number >= 0, got {v}");
        if (string.IsNullOrWhiteSpace(DomainKey)) yield return ("domain_key", "must not be empty");
    }
}
