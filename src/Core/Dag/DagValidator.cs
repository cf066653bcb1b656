using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Core.Dag;

/// <summary>Checks a DAG against the registry and reports every problem at once.</summary>
public static class DagValidator
{
    /// <summary>Validates <paramref name="file"/>; returns the plan when there are no errors.</summary>
    public static (DagPlan? Plan, IReadOnlyList<DagError> Errors) Validate(DagFile file, StepRegistry registry)
    {
        var errors = new List<DagError>(file.Errors);
        if (file.Errors.Any(e => e.Message.StartsWith("JSON syntax error", StringComparison.Ordinal) || e.Path == "$" && file.Steps.Count == 0))
            return (null, errors);

        if (file.Steps.Count == 0 && !errors.Any(e => e.Path == "$.steps"))
            errors.Add(new DagError("$.steps", "a DAG needs at least one step", "[]"));
        var ids = new Dictionary<string, DagStep>(StringComparer.Ordinal);
        foreach (var s in file.Steps)
        {
            if (!ids.TryAdd(s.Id, s))
                errors.Add(new DagError($"{s.JsonPath}.id", $"duplicate step id (first used at {ids[s.Id].JsonPath})", $"'{s.Id}'"));
        }

        var planned = new List<PlannedStep>();
        var descriptors = new Dictionary<string, StepDescriptor>(StringComparer.Ordinal);
        foreach (var s in file.Steps)
        {
            var d = registry.Find(s.Uses);
            if (d is null)
            {
                if (s.Uses.Length > 0)
                    errors.Add(new DagError($"{s.JsonPath}.uses", "unknown step", $"'{s.Uses}'", Levenshtein.Nearest(s.Uses, registry.All.Select(x => x.Name))));
                continue;
            }
            descriptors.TryAdd(s.Id, d);
        }

        foreach (var s in file.Steps)
        {
            descriptors.TryGetValue(s.Id, out var d);
            var streamNeeds = new List<NeedRef>();
            var artifactNeeds = new List<NeedRef>();
            bool unresolved = false;
            var seenNeeds = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < s.Needs.Count; i++)
            {
                var n = s.Needs[i];
                var path = $"{s.JsonPath}.needs[{i}]";
                if (!seenNeeds.Add(n.ToString()))
                {
                    errors.Add(new DagError(path, "repeated in needs (every document would be read twice)", $"'{n}'"));
                    continue;
                }
                var target = n;
                if (!ids.ContainsKey(n.StepId) && ids.ContainsKey(n.ToString()))
                    target = new NeedRef(n.ToString(), null);
                if (!ids.ContainsKey(target.StepId))
                {
                    unresolved = true;
                    errors.Add(new DagError(path, "unknown step id in needs", $"'{n}'", Levenshtein.Nearest(n.StepId, ids.Keys)));
                    continue;
                }
                if (target.StepId == s.Id)
                {
                    errors.Add(new DagError(path, "a step cannot need itself", $"'{n}'"));
                    continue;
                }
                if (!descriptors.TryGetValue(target.StepId, out var up))
                {
                    unresolved = true;
                    continue;
                }
                if (target.Port is { } port && !up.Ports.Contains(port, StringComparer.Ordinal))
                {
                    errors.Add(new DagError(path, up.Ports.Count == 0 ? $"step '{target.StepId}' ({up.Name}) has no side ports" : $"unknown port of '{target.StepId}' ({up.Name})",
                        $"'{port}'", Levenshtein.Nearest(port, up.Ports)));
                    continue;
                }
                if (up.Kind is StepKind.Source or StepKind.Processor)
                {
                    if (d?.Kind == StepKind.Artifact)
                        errors.Add(new DagError(path, $"'{s.Id}' ({d.Name}) reads files, not a document stream: put a sink (sink.parquet, sink.jsonl) after '{target.StepId}' and need that", $"'{n}'"));
                    else streamNeeds.Add(target);
                }
                else artifactNeeds.Add(target);
            }
            if (d is null) continue;
            if (d.Kind == StepKind.Source && streamNeeds.Count > 0)
                errors.Add(new DagError($"{s.JsonPath}.needs", $"{d.Name} is a source: it cannot take a document stream", string.Join(", ", streamNeeds)));
            if (d.Kind is StepKind.Processor or StepKind.Sink && streamNeeds.Count == 0 && !unresolved)
                errors.Add(new DagError($"{s.JsonPath}.needs", $"{d.Name} needs at least one upstream step that produces documents",
                    s.Needs.Count == 0 ? "nothing" : string.Join(", ", s.Needs)));
            if (s.Workers > 1 && d.Kind != StepKind.Processor)
                errors.Add(new DagError($"{s.JsonPath}.workers", $"{d.Name} runs on one worker (only filters and transforms take 'workers')", s.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            var optErrors = d.Validate(s.With, $"{s.JsonPath}.with", file.Directory, inputsFromNeeds: artifactNeeds.Count > 0);
            errors.AddRange(optErrors);
            errors.AddRange(OutputPathErrors(s, d, file.OutputDir));
            if (optErrors.Count > 0) continue;
            object options;
            try
            {
                options = d.Bind(s.With, file.Directory, file.OutputDir);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
            {
                errors.Add(new DagError($"{s.JsonPath}.with", ex.Message));
                continue;
            }
            var p = new PlannedStep(s, d, options);
            p.StreamNeeds.AddRange(streamNeeds);
            p.ArtifactNeeds.AddRange(artifactNeeds);
            planned.Add(p);
        }

        FindCycle(file.Steps, errors);
        if (errors.Count > 0) return (null, errors);
        var plan = new DagPlan(file, planned) { Warnings = Warnings(planned) };
        try
        {
            DagPlanner.BuildUnits(plan);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(new DagError("$.steps", ex.Message));
            return (null, errors);
        }
        return (plan, errors);
    }

    /// <summary>
    /// <c>workers</c> above 1 on a processor that runs sequentially (dedup and other stateful steps) is accepted and has no
    /// effect: say so. Sources, sinks and artifact steps with workers are errors (see above). Only steps with workers set are
    /// created here, to ask them.
    /// </summary>
    private static List<DagError> Warnings(IEnumerable<PlannedStep> planned)
    {
        var warnings = new List<DagError>();
        foreach (var p in planned)
        {
            if (p.Declaration.Workers <= 1 || p.Descriptor.Kind != StepKind.Processor) continue;
            var step = p.Descriptor.Create(p.Options);
            try
            {
                if (step is ProcessorStep { Sequential: true })
                    warnings.Add(new DagError($"{p.Declaration.JsonPath}.workers", $"{p.Descriptor.Name} processes documents one batch at a time in order: 'workers' has no effect",
                        p.Declaration.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            finally
            {
                (step as IDisposable)?.Dispose();
            }
        }
        return warnings;
    }

    /// <summary>Output paths (sink files, reports) are relative to output_dir and may not leave it.</summary>
    private static IEnumerable<DagError> OutputPathErrors(DagStep s, StepDescriptor d, string outputDir)
    {
        if (s.With is not { ValueKind: System.Text.Json.JsonValueKind.Object } with || outputDir.Length == 0) yield break;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        foreach (var opt in d.Options.Where(o => o.IsOutputPath))
        {
            if (!with.TryGetProperty(opt.JsonName, out var v) || v.ValueKind != System.Text.Json.JsonValueKind.String) continue;
            var text = v.GetString() ?? "";
            if (text.Length == 0) continue;
            var full = Path.GetFullPath(Path.Combine(root, text));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                yield return new DagError($"{s.JsonPath}.with.{opt.JsonName}", "output paths are relative to output_dir and may not leave it", $"'{text}'");
        }
    }

    private static void FindCycle(IReadOnlyList<DagStep> steps, List<DagError> errors)
    {
        var byId = new Dictionary<string, DagStep>(StringComparer.Ordinal);
        foreach (var s in steps) byId.TryAdd(s.Id, s);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        foreach (var s in steps)
            if (Visit(s.Id)) return;

        bool Visit(string id)
        {
            state.TryGetValue(id, out var st);
            if (st == 2) return false;
            if (st == 1)
            {
                int from = stack.IndexOf(id);
                var cycle = string.Join(" -> ", stack.Skip(from).Append(id));
                errors.Add(new DagError($"{byId[id].JsonPath}.needs", "cycle in needs", cycle));
                return true;
            }
            state[id] = 1;
            stack.Add(id);
            foreach (var n in byId[id].Needs)
            {
                var target = byId.ContainsKey(n.StepId) ? n.StepId : n.ToString();
                if (byId.ContainsKey(target) && target != id && Visit(target)) return true;
            }
            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
            return false;
        }
    }
}
