using System.Text.Json;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Core.Running;

/// <summary>Writes <c>stats.json</c>: per step in/out/dropped by reason/errors/bytes/wall/CPU and the step's own metrics.</summary>
public static class StatsWriter
{
    /// <summary>Writes the stats file atomically.</summary>
    public static void Write(string path, RunInfo run, string status, TimeSpan wall, IReadOnlyList<StepStats> stats, Exception? error,
        IReadOnlyList<GateOutcome>? gates = null)
    {
        using var file = new AtomicFile(path);
        using (var w = new Utf8JsonWriter(file.Stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dag", run.DagName);
            w.WriteString("run_id", run.RunId);
            w.WriteString("status", status);
            w.WriteNumber("task_index", run.TaskIndex);
            w.WriteNumber("task_count", run.TaskCount);
            w.WriteString("dag_hash", run.DagHash);
            w.WriteNumber("stage", run.Stage);
            w.WriteNumber("wall_seconds", Math.Round(wall.TotalSeconds, 3));
            if (error is not null) w.WriteString("error", error.Message);
            if (gates is { Count: > 0 })
            {
                w.WriteStartArray("gates");
                foreach (var g in gates)
                {
                    w.WriteStartObject();
                    w.WriteString("rule", g.Rule);
                    w.WriteString("metric", g.Metric);
                    if (g.Measured is double m && double.IsFinite(m)) w.WriteNumber("measured", Math.Round(m, 6));
                    else w.WriteNull("measured");
                    w.WriteBoolean("passed", g.Passed);
                    if (g.Detail is not null) w.WriteString("detail", g.Detail);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteStartArray("steps");
            foreach (var s in stats)
            {
                w.WriteStartObject();
                w.WriteString("id", s.StepId);
                w.WriteString("uses", s.Uses);
                if (s.Kind.Length > 0) w.WriteString("kind", s.Kind);
                w.WriteNumber("in", s.In);
                w.WriteNumber("out", s.Out);
                w.WriteNumber("modified", s.Modified);
                w.WriteNumber("dropped", s.Dropped);
                w.WriteStartObject("dropped_by_reason");
                foreach (var kv in s.DroppedByReason.OrderBy(k => k.Key, StringComparer.Ordinal)) w.WriteNumber(kv.Key, kv.Value);
                w.WriteEndObject();
                w.WriteNumber("errors", s.Errors);
                w.WriteStartObject("errors_by_reason");
                foreach (var kv in s.ErrorsByReason.OrderBy(k => k.Key, StringComparer.Ordinal)) w.WriteNumber(kv.Key, kv.Value);
                w.WriteEndObject();
                w.WriteNumber("bytes_in", s.BytesIn);
                w.WriteNumber("bytes_out", s.BytesOut);
                w.WriteNumber("wall_seconds", Math.Round(s.WallTime.TotalSeconds, 3));
                w.WriteNumber("cpu_seconds", Math.Round(s.CpuTime.TotalSeconds, 3));
                if (s.Metrics.Count > 0)
                {
                    w.WriteStartObject("metrics");
                    foreach (var m in s.Metrics.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
                    {
                        w.WriteStartObject(m.Name);
                        if (double.IsFinite(m.Value)) w.WriteNumber("value", m.Value);
                        else w.WriteNull("value");
                        w.WriteString("unit", m.Unit);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        file.Commit();
    }
}
