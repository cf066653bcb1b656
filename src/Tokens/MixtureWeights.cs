using System.Text.Json;

namespace Pipeline.Tokens;

/// <summary>Reads and writes the mixture weights file: <c>{"weights": {"domain": 1.5, ...}}</c> (missing domain = 1.0).</summary>
public static class MixtureWeights
{
    /// <summary>Loads weights from <paramref name="path"/>; errors name the file and the bad entry.</summary>
    public static Dictionary<string, double> Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"{full}: mixture weights file not found", full);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(full));
            if (!doc.RootElement.TryGetProperty("weights", out var w) || w.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{full}: expected {{\"weights\": {{\"domain\": 1.5, ...}}}}");
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in w.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out var v) || !(v >= 0) || double.IsInfinity(v))
                    throw new InvalidDataException($"{full}: weights.{p.Name} must be a number >= 0, got {p.Value.GetRawText()}");
                result[p.Name] = v;
            }
            return result;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{full}: not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Writes weights in the same format.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, double> weights)
    {
        var sorted = new SortedDictionary<string, double>(weights.ToDictionary(), StringComparer.Ordinal);
        File.WriteAllText(path, JsonSerializer.Serialize(new { weights = sorted }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
