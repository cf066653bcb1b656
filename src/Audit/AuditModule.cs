using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary>Registers the steps of Pipeline.Audit.</summary>
public static class AuditModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }

    /// <summary>Evaluates the DAG's <c>fail_on</c> rules against the audit results under <paramref name="outputDirectory"/>;
    /// returns the rules that failed, each with the measured value ("perplexity.sotu > 80 (measured 93.1)").</summary>
    public static IReadOnlyList<string> EvaluateGates(IReadOnlyList<string> rules, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        return [];
    }
}
