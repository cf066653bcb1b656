using System.Text.Json;

namespace Pipeline.Audit;

/// <summary>
/// Turns ParaRel-style data into probes: relation templates (<c>pattern_data/graphs_json/P*.jsonl</c>, each a
/// "pattern" with [X] and [Y]) and triples (<c>trex_lms_vocab/P*.jsonl</c>, sub_label/obj_label). The first template
/// of a relation that ends in [Y] becomes the prompt; distractors are other objects of the same relation.
/// </summary>
public static class ParaRelLoader
{
    /// <summary>Loads up to <paramref name="perRelation"/> probes per relation from <paramref name="root"/> (the folder holding pattern_data and trex_lms_vocab).</summary>
    public static List<Probe> Load(string root, int perRelation, int distractors, int seed, string domain = "pararel")
    {
        var patterns = Path.Combine(root, "pattern_data", "graphs_json");
        var triples = Path.Combine(root, "trex_lms_vocab");
        if (!Directory.Exists(patterns) || !Directory.Exists(triples))
            throw new AuditInputException($"{root}: expected pattern_data/graphs_json and trex_lms_vocab folders (ParaRel layout)");
        var probes = new List<Probe>();
        foreach (var tf in Directory.EnumerateFiles(patterns, "P*.jsonl").Order(StringComparer.Ordinal))
        {
            var relation = Path.GetFileNameWithoutExtension(tf);
            var triplePath = Path.Combine(triples, relation + ".jsonl");
            if (!File.Exists(triplePath)) continue;
            var template = PickTemplate(tf);
            if (template is null) continue;
            var pairs = new List<(string Sub, string Obj)>();
            foreach (var line in File.ReadLines(triplePath))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("sub_label", out var s) && doc.RootElement.TryGetProperty("obj_label", out var o)
                    && s.GetString() is { Length: > 0 } sub && o.GetString() is { Length: > 0 } obj)
                    pairs.Add((sub, obj));
            }
            var objects = pairs.Select(p => p.Obj).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (objects.Length < 2) continue;
            var rng = new Random(unchecked(seed * 31 + (int.TryParse(relation.AsSpan(1), out var n) ? n : relation.Length)));
            var chosen = pairs.ToArray();
            rng.Shuffle(chosen);
            foreach (var (sub, obj) in chosen.Take(perRelation))
            {
                var others = objects.Where(x => x != obj).ToArray();
                rng.Shuffle(others);
                var prompt = template[..template.IndexOf("[Y]", StringComparison.Ordinal)].Replace("[X]", sub, StringComparison.Ordinal).TrimEnd();
                probes.Add(new Probe(domain, prompt, obj, others.Take(distractors).ToList(), relation));
            }
        }
        return probes;
    }

    private static string? PickTemplate(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            if (!doc.RootElement.TryGetProperty("pattern", out var p) || p.GetString() is not { } pattern) continue;
            int x = pattern.IndexOf("[X]", StringComparison.Ordinal), y = pattern.IndexOf("[Y]", StringComparison.Ordinal);
            if (x < 0 || y < 0 || x > y) continue;
            var tail = pattern[(y + 3)..].Trim();
            if (tail is "" or "." ) return pattern;
        }
        return null;
    }
}
