using Pipeline.Core.Steps;

namespace Pipeline.Train;

/// <summary>Registers the steps of Pipeline.Train.</summary>
public static class TrainModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
