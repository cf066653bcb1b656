using Pipeline.Core.Dag;

namespace Pipeline.Core.Running;

/// <summary>
/// Which steps of a staged DAG run in which stage. A staged DAG has boundary steps (they read what the global stage,
/// run between the two task arrays, wrote). Stage 1: every step not downstream of a boundary. Stage 3: the boundary
/// steps and everything downstream ("owned": they write the ledger and stats), plus every step those need, run
/// again from the same inputs (deterministic, so the documents are the ones stage 1 saw) without ledger records.
/// </summary>
/// <param name="Steps">Steps to run, in file order.</param>
/// <param name="Owned">Ids of the steps whose ledger records and stats belong to this stage.</param>
public sealed record StageSelection(IReadOnlyList<PlannedStep> Steps, IReadOnlySet<string> Owned)
{
    /// <summary>True when some step of <paramref name="plan"/> is a boundary.</summary>
    public static bool IsStaged(DagPlan plan, Func<PlannedStep, bool> boundary) => plan.Steps.Any(boundary);

    /// <summary>The steps of <paramref name="stage"/> (0: all).</summary>
    public static StageSelection Select(DagPlan plan, int stage, Func<PlannedStep, bool>? boundary)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var all = plan.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (stage == 0 || boundary is null) return new StageSelection(plan.Steps, all);
        if (stage is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(stage), stage, "stage is 1 or 3");
        // downstream closure of the boundary steps
        var consumers = plan.Steps.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var s in plan.Steps)
            foreach (var n in s.StreamNeeds.Concat(s.ArtifactNeeds))
                consumers[n.StepId].Add(s.Id);
        var downstream = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(plan.Steps.Where(boundary).Select(s => s.Id));
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!downstream.Add(id)) continue;
            foreach (var c in consumers[id]) stack.Push(c);
        }
        if (stage == 1)
        {
            var run = plan.Steps.Where(s => !downstream.Contains(s.Id)).ToList();
            return new StageSelection(run, run.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        }
        // stage 3: downstream plus everything it needs (upstream closure)
        var selected = new HashSet<string>(downstream, StringComparer.Ordinal);
        var todo = new Stack<string>(downstream);
        while (todo.Count > 0)
            foreach (var n in plan.ById[todo.Pop()] is var s ? s.StreamNeeds.Concat(s.ArtifactNeeds) : [])
                if (selected.Add(n.StepId)) todo.Push(n.StepId);
        return new StageSelection(plan.Steps.Where(s => selected.Contains(s.Id)).ToList(), downstream);
    }
}
