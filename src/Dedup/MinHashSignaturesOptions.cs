using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.minhash_signatures</c>: the same signature settings as <c>dedup.minhash</c>, and the output file.</summary>
public sealed record MinHashSignaturesOptions : MinHashParameters
{
    [Description("Signature file relative to output_dir; the task suffix is added before the extension when the run is split into tasks.")]
    [OutputPath]
    public string Path { get; init; } = "dedup/signatures.mhsig";

    [Description("Also write the bucket file (same name, extension .mhbkt: every band's hashes sorted, 16 bytes per document and band) that `pipeline dedup buckets` reads by hash range, so that clustering runs as an array of bounded tasks. Off: only the single-process `pipeline dedup cluster --input` can read the signatures.")]
    public bool BucketFile { get; init; } = true;
}
