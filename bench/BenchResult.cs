using System.Text.Json.Nodes;

namespace Pipeline.Bench;

/// <summary>Figures of one workload run: printed as one JSON line and appended to bench/results/WORKLOAD.jsonl.</summary>
public sealed class BenchResult(string workload)
{
    public string Workload { get; } = workload;

    public JsonObject Figures { get; } = new();

    public BenchResult Add(string key, double value)
    {
        Figures[key] = Math.Round(value, 4);
        return this;
    }

    public BenchResult Add(string key, string value)
    {
        Figures[key] = value;
        return this;
    }

    public BenchResult Add(string key, JsonNode value)
    {
        Figures[key] = value;
        return this;
    }

    public BenchResult Add(string key, bool value)
    {
        Figures[key] = value;
        return this;
    }

    /// <summary>
    /// Adds a section's figures under <paramref name="prefix"/> (e.g. "1000k_w1_"): <c>wall_s</c>, <c>cpu_s</c>
    /// (process), <c>thread_cpu_s</c>, <c>peak_rss_mb</c>, <c>load_average_1m</c> (the larger of start and end)
    /// and <c>warm</c>.
    /// </summary>
    public BenchResult Add(string prefix, Measured m)
    {
        Add(prefix + "wall_s", m.WallSeconds);
        Add(prefix + "cpu_s", m.CpuSeconds);
        Add(prefix + "thread_cpu_s", m.ThreadCpuSeconds);
        Add(prefix + "peak_rss_mb", m.PeakRssMb);
        Add(prefix + "load_average_1m", Math.Max(m.LoadAverageStart, m.LoadAverageEnd));
        return Add(prefix + "warm", m.Warm);
    }
}
