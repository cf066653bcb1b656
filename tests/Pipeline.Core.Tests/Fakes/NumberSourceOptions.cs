using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

public sealed class NumberSourceOptions
{
    [Description("How many documents")]
    [Range(0, 10_000_000)]
    public int Count { get; init; } = 10;

    [Description("Throw after this many documents (-1: never)")]
    public int FailAfter { get; init; } = -1;

    [Description("Seed files (checked to exist)")]
    [InputPath(Optional = true)]
    public string[] Seeds { get; init; } = [];

    [Description("Delay per document in ms")]
    public int DelayMs { get; init; }
}
