using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Registers the steps of Pipeline.Dedup.</summary>
public static class DedupModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
