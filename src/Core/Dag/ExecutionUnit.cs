using Pipeline.Core.Steps;

namespace Pipeline.Core.Dag;

/// <summary>A stream component (steps joined by document edges) or one artifact step, with the units it waits for.</summary>
public sealed class ExecutionUnit
{
    internal ExecutionUnit(IReadOnlyList<PlannedStep> steps) => Steps = steps;

    /// <summary>Steps in file order.</summary>
    public IReadOnlyList<PlannedStep> Steps { get; }

    /// <summary>Units whose artifacts this one needs.</summary>
    public List<ExecutionUnit> DependsOn { get; } = [];

    /// <summary>True for a stream component.</summary>
    public bool IsStream => Steps[0].Descriptor.Kind != StepKind.Artifact;
}
