using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Util;

namespace Pipeline.Core.Running;

/// <summary>
/// Combines per-task <c>stats*.json</c> files into one for the whole run (<c>pipeline stats merge</c>): counters and
/// CPU seconds are summed per step, reasons per reason; a step's wall time is its slowest task's.
/// </summary>
public static class StatsMerge
{
    /// <summary>What the inputs hold: one task-set report per DAG name and stage (0 = whole-DAG runs).</summary>
    public static IReadOnlyList<TaskSetGroup> Check(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return TaskSetGroup.Check(Load(inputs).Select(f => (f.Dag, f.Stage, new TaskFile(f.Path, f.TaskIndex, f.TaskCount, f.DagHash))));
    }

    /// <summary>Writes the merged file; returns the number of steps in it.</summary>
    /// <exception cref="InvalidDataException">An input is not a stats file.</exception>
    public static int Merge(IReadOnlyList<string> inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = Load(inputs).OrderBy(f => f.Stage).ThenBy(f => f.TaskIndex).ToList();
        var steps = new List<string>();
        var merged = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var f in files)
            foreach (var node in f.Steps)
            {
                if (node is not JsonObject st || st["id"]?.GetValue<string>() is not { } id) continue;
                if (!merged.TryGetValue(id, out var m))
                {
                    steps.Add(id);
                    merged[id] = m = new JsonObject { ["id"] = id, ["uses"] = st["uses"]?.GetValue<string>(), ["tasks"] = 0 };
                }
                m["tasks"] = m["tasks"]!.GetValue<int>() + 1;
                foreach (var key in new[] { "in", "out", "dropped", "errors", "bytes_in", "bytes_out" })
                    m[key] = (m[key]?.GetValue<long>() ?? 0) + (st[key]?.GetValue<long>() ?? 0);
                foreach (var key in new[] { "dropped_by_reason", "errors_by_reason" })
                {
                    var into = m[key] as JsonObject ?? (JsonObject)(m[key] = new JsonObject());
                    if (st[key] is JsonObject reasons)
                        foreach (var (reason, v) in reasons) into[reason] = (into[reason]?.GetValue<long>() ?? 0) + (v?.GetValue<long>() ?? 0);
                }
                m["cpu_seconds"] = Math.Round((m["cpu_seconds"]?.GetValue<double>() ?? 0) + (st["cpu_seconds"]?.GetValue<double>() ?? 0), 3);
                m["wall_seconds"] = Math.Max(m["wall_seconds"]?.GetValue<double>() ?? 0, st["wall_seconds"]?.GetValue<double>() ?? 0);
            }
        var root = new JsonObject
        {
            ["dag"] = files.FirstOrDefault()?.Dag ?? "",
            ["dag_hash"] = files.Select(f => f.DagHash).FirstOrDefault(h => h.Length > 0) ?? "",
            ["status"] = files.All(f => f.Status == "completed") ? "completed" : "incomplete",
            ["task_count"] = files.Count == 0 ? 0 : files.Max(f => f.TaskCount),
            ["stats_files"] = files.Count,
            ["task_wall_seconds_max"] = files.Count == 0 ? 0 : files.Max(f => f.Wall),
            ["task_wall_seconds_sum"] = Math.Round(files.Sum(f => f.Wall), 3),
            ["inputs"] = new JsonArray(files.Select(f => (JsonNode?)JsonValue.Create(f.Path)).ToArray()),
            ["steps"] = new JsonArray(steps.Select(id => (JsonNode?)merged[id]).ToArray()),
        };
        using var file = new AtomicFile(output);
        using (var w = new Utf8JsonWriter(file.Stream, new JsonWriterOptions { Indented = true }))
            root.WriteTo(w);
        file.Commit();
        return steps.Count;
    }

    private sealed record StatsFile(string Path, string Dag, string DagHash, string Status, int TaskIndex, int TaskCount, int Stage, double Wall, JsonArray Steps);

    private static List<StatsFile> Load(IReadOnlyList<string> inputs)
    {
        var list = new List<StatsFile>();
        foreach (var p in inputs)
        {
            JsonObject o;
            try
            {
                o = JsonNode.Parse(File.ReadAllText(p)) as JsonObject ?? throw new InvalidDataException($"{p}: not a stats file (no JSON object)");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{p}: not a stats file ({ex.Message})", ex);
            }
            if (o["steps"] is not JsonArray steps) throw new InvalidDataException($"{p}: not a stats file written by `pipeline run` (no steps)");
            list.Add(new StatsFile(p, o["dag"]?.GetValue<string>() ?? "", o["dag_hash"]?.GetValue<string>() ?? "", o["status"]?.GetValue<string>() ?? "",
                o["task_index"]?.GetValue<int>() ?? 0, o["task_count"]?.GetValue<int>() ?? 1, o["stage"]?.GetValue<int>() ?? 0,
                o["wall_seconds"]?.GetValue<double>() ?? 0, steps));
        }
        return list;
    }
}
