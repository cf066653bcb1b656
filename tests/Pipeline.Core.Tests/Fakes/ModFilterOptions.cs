using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Tests.Fakes;

public sealed class ModFilterOptions
{
    [Description("Drop documents whose n is a multiple of this")]
    [Range(1, 1000)]
    public int Modulus { get; init; } = 3;

    [Description("Mark documents whose n is a multiple of this as errors (0: never)")]
    public int ErrorModulus { get; init; }

    [Description("Throw on this n (-1: never)")]
    public int ThrowOn { get; init; } = -1;

    [Description("Sleep per document, microseconds, to shuffle worker timing")]
    public int JitterMicros { get; init; }

    [Description("Mode: drop (drop multiples, keep others with meta seen_by_mod), keep (keep all with that meta), same (drop multiples, keep the others unchanged), modify (drop multiples, change the others' text)")]
    [AllowedValues("drop", "keep", "same", "modify")]
    public string Mode { get; init; } = "drop";
}
