using Pipeline.Core.Steps;

namespace Pipeline.Filters;

/// <summary>Registers the steps of Pipeline.Filters.</summary>
public static class FiltersModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
