namespace Pipeline.Core.Dag;

/// <summary>
/// Groups a plan's steps into execution units: stream components (steps joined by document edges) and single
/// artifact steps, each with the units it waits for. The validator calls it to reject plans that cannot run;
/// the runner calls it to schedule.
/// </summary>
public static class DagPlanner
{
    /// <summary>
    /// The units of <paramref name="plan"/>. Throws <see cref="InvalidOperationException"/> when an artifact need would
    /// make a component wait for itself or units wait for each other.
    /// </summary>
    public static IReadOnlyList<ExecutionUnit> BuildUnits(DagPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var parent = plan.Steps.ToDictionary(s => s.Id, s => s.Id, StringComparer.Ordinal);
        string Find(string x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var s in plan.Steps)
            foreach (var n in s.StreamNeeds)
                parent[Find(s.Id)] = Find(n.StepId);
        var units = plan.Steps.GroupBy(s => Find(s.Id)).Select(g => new ExecutionUnit(g.ToList())).ToList();
        var unitOf = new Dictionary<string, ExecutionUnit>(StringComparer.Ordinal);
        foreach (var u in units) foreach (var s in u.Steps) unitOf[s.Id] = u;
        foreach (var u in units)
            foreach (var s in u.Steps)
                foreach (var n in s.ArtifactNeeds)
                    if (unitOf[n.StepId] is var dep && dep != u && !u.DependsOn.Contains(dep)) u.DependsOn.Add(dep);
                    else if (dep == u) throw new InvalidOperationException(
                        $"step '{s.Id}' needs the output of '{n.StepId}', which is fed by the same document stream; write the stream to a file first and read it in a separate branch");
        var state = new Dictionary<ExecutionUnit, int>();
        foreach (var u in units) Visit(u);
        return units;

        void Visit(ExecutionUnit u)
        {
            state.TryGetValue(u, out var st);
            if (st == 2) return;
            if (st == 1) throw new InvalidOperationException($"steps wait for each other through artifacts: {string.Join(", ", u.Steps.Select(x => x.Id))}");
            state[u] = 1;
            foreach (var d in u.DependsOn) Visit(d);
            state[u] = 2;
        }
    }
}
