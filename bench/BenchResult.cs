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
}
