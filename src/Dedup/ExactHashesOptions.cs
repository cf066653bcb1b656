using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.exact_hashes</c>: the key of <c>dedup.exact</c> and the output file.</summary>
public sealed class ExactHashesOptions : ExactKeyOptions
{
    [Description("Hash file relative to output_dir (the task suffix is added before the extension when the run is split into tasks): every document's 128-bit key hash, sorted, for `pipeline dedup buckets`.")]
    [OutputPath]
    public string Path { get; init; } = "dedup/exact.exhash";
}
