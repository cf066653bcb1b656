using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary>Registers the steps of Pipeline.Tokens.</summary>
public static class TokensModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
