using Pipeline.Core.Steps;

namespace Pipeline.Ingest;

/// <summary>Registers the steps of Pipeline.Ingest.</summary>
public static class IngestModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
