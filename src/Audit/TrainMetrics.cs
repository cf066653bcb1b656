using System.Globalization;
using System.Text.Json;

namespace Pipeline.Audit;

/// <summary>The training metrics of one run, read from <c>metrics.jsonl</c> (one JSON object per line).</summary>
public sealed class TrainMetrics
{
    /// <summary>Creates metrics from parsed rows.</summary>
    public TrainMetrics(IReadOnlyList<TrainStepMetric> steps, IReadOnlyList<(long Step, double ValLoss)> evaluations)
    {
        Steps = steps;
        Evaluations = evaluations;
    }

    /// <summary>Optimizer steps in file order.</summary>
    public IReadOnlyList<TrainStepMetric> Steps { get; }

    /// <summary>Validation losses.</summary>
    public IReadOnlyList<(long Step, double ValLoss)> Evaluations { get; }

    /// <summary>Reads <paramref name="path"/>; a malformed line throws <see cref="AuditInputException"/> naming file and line.</summary>
    public static TrainMetrics Load(string path)
    {
        if (!File.Exists(path)) throw new AuditInputException($"{path}: metrics file not found; point the audit at a train.gpt step (needs) or a metrics.jsonl file");
        var steps = new List<TrainStepMetric>();
        var evals = new List<(long, double)>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                if (!r.TryGetProperty("step", out var s)) throw new AuditInputException($"{path}:{lineNo}: line has no \"step\"");
                long step = s.GetInt64();
                if (r.TryGetProperty("loss", out var l))
                {
                    var batch = new List<BatchRef>();
                    if (r.TryGetProperty("batch", out var b) && b.ValueKind == JsonValueKind.Array)
                        foreach (var e in b.EnumerateArray())
                            batch.Add(new BatchRef(e.GetProperty("shard").GetString() ?? "", e.GetProperty("offset").GetInt64(), e.GetProperty("length").GetInt64()));
                    steps.Add(new TrainStepMetric(step, Num(l), Opt(r, "lr"), Opt(r, "grad_norm"), Opt(r, "tokens_per_sec"), batch));
                }
                if (r.TryGetProperty("val_loss", out var v)) evals.Add((step, Num(v)));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                throw new AuditInputException($"{path}:{lineNo}: not a metrics line ({ex.Message}); expected {{\"step\":N,\"loss\":X,...}}", ex);
            }
        }
        return new TrainMetrics(steps, evals);
    }

    private static double Opt(JsonElement r, string name) => r.TryGetProperty(name, out var v) ? Num(v) : double.NaN;

    // NaN/Infinity are written as strings by some writers ("NaN"); numbers otherwise.
    private static double Num(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => double.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.Null => double.NaN,
        _ => throw new FormatException($"expected a number, got {v.ValueKind}"),
    };
}
