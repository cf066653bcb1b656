using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Dedup;

/// <summary>What exact dedup compares: shared by <c>dedup.exact</c> and the staged <c>dedup.exact_hashes</c>.</summary>
public abstract class ExactKeyOptions
{
    [Description("What is compared: 'text' (the normalised text), 'url' (the source URL) or the name of a metadata key.")]
    public string Key { get; init; } = "text";

    [Description("Text normalisation before hashing: 'none', 'whitespace' (collapse and trim), 'lower' (whitespace + lowercase) or 'full' (lower + punctuation removed + digits as 0, as for MinHash).")]
    [AllowedValues("none", "whitespace", "lower", "full")]
    public string Normalize { get; init; } = "lower";

    [Description("Threads hashing inside a batch (0 = all cores). Results do not depend on it.")]
    [Range(0, 1024)]
    public int Threads { get; init; }
}
