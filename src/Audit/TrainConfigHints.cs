using System.Text.Json;

namespace Pipeline.Audit;

/// <summary>Warm-up steps and peak learning rate read from a checkpoint's <c>state.json</c>, when present.</summary>
internal static class TrainConfigHints
{
    private static readonly string[] WarmupKeys = ["warmup_steps", "warmup_iters", "warmup"];
    private static readonly string[] LrKeys = ["max_lr", "learning_rate", "lr", "peak_lr"];

    public static (int? Warmup, double? PeakLr) Read(string? checkpointFolder)
    {
        if (checkpointFolder is null) return (null, null);
        var path = Path.Combine(checkpointFolder, "state.json");
        if (!File.Exists(path)) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            int? warm = null;
            double? lr = null;
            Scan(doc.RootElement, ref warm, ref lr, 0);
            return (warm, lr);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static void Scan(JsonElement e, ref int? warm, ref double? lr, int depth)
    {
        if (depth > 4 || e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (warm is null && WarmupKeys.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var w)) warm = w;
            else if (lr is null && LrKeys.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.Number) lr = p.Value.GetDouble();
            else if (p.Value.ValueKind == JsonValueKind.Object) Scan(p.Value, ref warm, ref lr, depth + 1);
        }
    }
}
