namespace Pipeline.Core.Dag;

/// <summary>A DAG that passed validation, ready for <see cref="Running.DagRunner"/>.</summary>
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

    /// <summary>Steps by id.</summary>
    public IReadOnlyDictionary<string, PlannedStep> ById { get; }
}
