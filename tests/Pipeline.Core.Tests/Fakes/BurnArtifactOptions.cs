using System.ComponentModel;

namespace Pipeline.Core.Tests.Fakes;

public sealed class BurnArtifactOptions
{
    [Description("Milliseconds of CPU-bound work, on a pool thread (not the step's calling thread)")]
    public int Millis { get; init; } = 300;
}
