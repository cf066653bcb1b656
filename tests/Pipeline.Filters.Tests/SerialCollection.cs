using Xunit;

namespace Pipeline.Filters.Tests;

/// <summary>Tests that measure CPU time run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
