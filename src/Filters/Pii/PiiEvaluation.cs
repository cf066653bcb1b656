using System.Text.Json;

namespace Pipeline.Filters.Pii;

/// <summary>
/// Scores <see cref="PiiDetector"/> on a labelled JSON file: an array of {"full_text", "spans": [{"entity_type",
/// "start_position", "end_position"}]}. A prediction is correct when it overlaps a labelled span of the same type
/// (precision counts predictions, recall counts labelled spans). Labelled types we do not detect are ignored.
/// </summary>
public static class PiiEvaluation
{
    /// <summary>Per-type scores for every type the detector knows, in <see cref="PiiEntityTypes.All"/> order.</summary>
    public static IReadOnlyList<DetectionScore> Evaluate(string path, PiiDetector? detector = null) => Evaluate(path, detector, null);

    /// <summary>Per-type scores; false positives and misses go to <paramref name="errors"/> when given.</summary>
    public static IReadOnlyList<DetectionScore> Evaluate(string path, PiiDetector? detector, List<PiiEvaluationError>? errors)
    {
        detector ??= new PiiDetector();
        JsonDocument json;
        try
        {
            using var stream = File.OpenRead(path);
            json = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}); expected an array of {{full_text, spans}}", ex);
        }
        using var _ = json;
        if (json.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected a JSON array of {{full_text, spans}} records");
        var tp = new Dictionary<string, int>();
        var fp = new Dictionary<string, int>();
        var fn = new Dictionary<string, int>();
        int index = 0;
        foreach (var record in json.RootElement.EnumerateArray())
        {
            if (!record.TryGetProperty("full_text", out var textEl) || textEl.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}: record {index} has no string 'full_text'");
            var text = textEl.GetString()!;
            var gold = new List<PiiMatch>();
            if (record.TryGetProperty("spans", out var spans) && spans.ValueKind == JsonValueKind.Array)
                foreach (var s in spans.EnumerateArray())
                {
                    var type = PiiEntityTypes.Canonical(s.GetProperty("entity_type").GetString() ?? "");
                    if (!PiiEntityTypes.All.Contains(type)) continue;
                    int start = s.GetProperty("start_position").GetInt32();
                    int end = s.GetProperty("end_position").GetInt32();
                    gold.Add(new PiiMatch(type, start, end - start));
                }
            var predicted = detector.Detect(text);
            foreach (var p in predicted)
            {
                bool hit = gold.Any(g => g.Type == p.Type && g.Start < p.End && p.Start < g.End);
                Inc(hit ? tp : fp, p.Type);
                if (!hit) errors?.Add(new PiiEvaluationError(index, p.Type, false, text.Substring(p.Start, p.Length), Around(text, p)));
            }
            foreach (var g in gold)
                if (!predicted.Any(p => g.Type == p.Type && g.Start < p.End && p.Start < g.End))
                {
                    Inc(fn, g.Type);
                    errors?.Add(new PiiEvaluationError(index, g.Type, true, text.Substring(g.Start, g.Length), Around(text, g)));
                }
            index++;
        }
        return PiiEntityTypes.All.Select(t => new DetectionScore(t, tp.GetValueOrDefault(t), fp.GetValueOrDefault(t), fn.GetValueOrDefault(t))).ToList();
    }

    private static string Around(string text, PiiMatch m)
    {
        int start = Math.Max(0, m.Start - 30), end = Math.Min(text.Length, m.End + 30);
        return text[start..end].ReplaceLineEndings(" ");
    }

    private static void Inc(Dictionary<string, int> d, string key) => d[key] = d.GetValueOrDefault(key) + 1;
}
