namespace Pipeline.Core.Tests.Fakes;

public sealed class NoOptions
{
}
