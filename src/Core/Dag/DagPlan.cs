namespace Pipeline.Core.Dag;

/// <summary>A DAG that passed validation, ready for the runner (Pipeline.Core.Running.DagRunner).</summary>
public sealed class DagPlan
{
    internal DagPlan(DagFile file, IReadOnlyList<PlannedStep> steps)
    {
        File = file;
        Steps = steps;
        ById = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The source file.</summary>
    public DagFile File { get; }

    /// <summary>Steps in file order.</summary>
    public IReadOnlyList<PlannedStep> Steps { get; }

    /// <summary>Things that run but are probably not what the author meant (e.g. <c>workers</c> on a step that runs sequentially).</summary>
    public IReadOnlyList<DagError> Warnings { get; init; } = [];

    /// <summary>Steps by id.</summary>
    public IReadOnlyDictionary<string, PlannedStep> ById { get; }
}
