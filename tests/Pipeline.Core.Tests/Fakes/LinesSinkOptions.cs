using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

public sealed class LinesSinkOptions
{
    [Description("Output file")]
    [OutputPath]
    public string Path { get; init; } = "lines.txt";
}
