using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Util;

namespace Pipeline.Audit;

/// <summary>
/// Audit outputs under <c>output_dir/audit/</c>: each audit step writes <c>STEP.json</c> (its details and flat
/// metrics, stamped with the run id) and then <c>results.json</c> is rebuilt as the union of the flat metrics of
/// this run's step files (sorted keys), which is what gates read.
/// </summary>
public static class AuditResults
{
    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The audit folder of an output folder.</summary>
    public static string Folder(string outputDirectory) => Path.Combine(outputDirectory, "audit");

    /// <summary>Path of results.json.</summary>
    public static string ResultsPath(string outputDirectory) => Path.Combine(Folder(outputDirectory), "results.json");

    /// <summary>Writes one step's detail file and rebuilds results.json; returns the detail file's path.</summary>
    public static string WriteStep(string outputDirectory, string runId, string stepId, string kind, JsonObject details, IReadOnlyDictionary<string, double> metrics)
    {
        var root = new JsonObject
        {
            ["run_id"] = runId,
            ["step"] = stepId,
            ["kind"] = kind,
            ["metrics"] = ToJson(metrics),
            ["details"] = details,
        };
        var path = Path.Combine(Folder(outputDirectory), $"{stepId}.json");
        lock (Gate)
        {
            WriteJson(path, root);
            Rebuild(outputDirectory, runId);
        }
        return path;
    }

    /// <summary>Reads a step detail file written by <see cref="WriteStep"/>.</summary>
    public static JsonObject ReadStep(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new AuditInputException($"{path}: not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new AuditInputException($"{path}: not valid JSON ({ex.Message}); rerun the audit step with --force", ex);
        }
    }

    /// <summary>The flat metrics in results.json (empty when absent).</summary>
    public static IReadOnlyDictionary<string, double> Read(string outputDirectory)
    {
        var path = ResultsPath(outputDirectory);
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(path)) return result;
        var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new AuditInputException($"{path}: not a JSON object");
        foreach (var kv in node)
        {
            if (kv.Value is not JsonValue v) continue;
            if (v.TryGetValue<double>(out var d)) result[kv.Key] = d;
            else if (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) result[kv.Key] = d;
        }
        return result;
    }

    /// <summary>Adds the gate outcomes to results.json as its <c>gates</c> array (the flat metrics stay as they are).</summary>
    public static void WriteGates(string outputDirectory, IReadOnlyList<Core.Running.GateOutcome> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var path = ResultsPath(outputDirectory);
        lock (Gate)
        {
            var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new AuditInputException($"{path}: not a JSON object");
            node["gates"] = new JsonArray(gates.Select(g => (JsonNode)new JsonObject
            {
                ["rule"] = g.Rule,
                ["metric"] = g.Metric,
                ["measured"] = g.Measured is double m && double.IsFinite(m) ? JsonValue.Create(Math.Round(m, 6)) : null,
                ["passed"] = g.Passed,
                ["detail"] = g.Detail,
            }).ToArray());
            WriteJson(path, node);
        }
    }

    /// <summary>Writes <paramref name="node"/> as indented JSON, atomically.</summary>
    public static void WriteJson(string path, JsonNode node)
    {
        using var file = new AtomicFile(path);
        using (var w = new Utf8JsonWriter(file.Stream, new JsonWriterOptions { Indented = true }))
            node.WriteTo(w, Indented);
        file.Commit();
    }

    private static void Rebuild(string outputDirectory, string runId)
    {
        var merged = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var folder = Folder(outputDirectory);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) is "results.json" or "next_mixture.json") continue;
            JsonObject? o;
            try { o = JsonNode.Parse(File.ReadAllText(file)) as JsonObject; }
            catch (JsonException) { continue; }
            if (o is null || o["run_id"]?.GetValue<string>() != runId || o["metrics"] is not JsonObject m) continue;
            foreach (var kv in m)
            {
                if (kv.Value is not JsonValue v) continue;
                if (v.TryGetValue<double>(out var d)) merged[kv.Key] = d;
                else if (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) merged[kv.Key] = d;
            }
        }
        WriteJson(ResultsPath(outputDirectory), ToJson(merged));
    }

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        var o = new JsonObject();
        foreach (var kv in metrics.OrderBy(k => k.Key, StringComparer.Ordinal))
            o[kv.Key] = double.IsFinite(kv.Value) ? JsonValue.Create(Math.Round(kv.Value, 6)) : JsonValue.Create(kv.Value.ToString(CultureInfo.InvariantCulture));
        return o;
    }
}
