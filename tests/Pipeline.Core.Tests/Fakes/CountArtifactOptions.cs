using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

public sealed class CountArtifactOptions
{
    [Description("Output file")]
    [OutputPath]
    public string Path { get; init; } = "count.txt";
}
