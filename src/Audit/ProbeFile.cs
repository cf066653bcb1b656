using System.Text;
using System.Text.Json;

namespace Pipeline.Audit;

/// <summary>Probe JSONL: one <c>{"domain","prompt","answer","distractors"?}</c> object per line.</summary>
public static class ProbeFile
{
    /// <summary>Reads probes; a bad line throws <see cref="AuditInputException"/> naming file and line.</summary>
    public static List<Probe> Load(string path)
    {
        var probes = new List<Probe>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                string Req(string k) => r.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                    ? s : throw new AuditInputException($"{path}:{lineNo}: \"{k}\" is missing or empty; each line needs domain, prompt and answer");
                var distractors = new List<string>();
                if (r.TryGetProperty("distractors", out var d) && d.ValueKind == JsonValueKind.Array)
                    foreach (var e in d.EnumerateArray()) if (e.GetString() is { Length: > 0 } s) distractors.Add(s);
                probes.Add(new Probe(Req("domain"), Req("prompt"), Req("answer"), distractors,
                    r.TryGetProperty("relation", out var rel) ? rel.GetString() : null));
            }
            catch (JsonException ex)
            {
                throw new AuditInputException($"{path}:{lineNo}: not a JSON object ({ex.Message})", ex);
            }
        }
        return probes;
    }

    /// <summary>Writes probes as JSONL.</summary>
    public static void Save(string path, IEnumerable<Probe> probes)
    {
        var sb = new StringBuilder();
        foreach (var p in probes)
            sb.Append(JsonSerializer.Serialize(new { domain = p.Domain, prompt = p.Prompt, answer = p.Answer, distractors = p.Distractors, relation = p.Relation })).Append('\n');
        using var f = new Core.Util.AtomicFile(path);
        f.Stream.Write(Encoding.UTF8.GetBytes(sb.ToString()));
        f.Commit();
    }

    /// <summary>Gives probes with fewer than <paramref name="count"/> distractors more, drawn from other answers of the same domain.</summary>
    public static List<Probe> FillDistractors(IReadOnlyList<Probe> probes, int count, int seed)
    {
        var answers = probes.GroupBy(p => p.Domain).ToDictionary(g => g.Key, g => g.Select(p => p.Answer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        var rng = new Random(seed);
        var result = new List<Probe>(probes.Count);
        foreach (var p in probes)
        {
            if (p.Distractors.Count >= count) { result.Add(p); continue; }
            var pool = answers[p.Domain].Where(a => a != p.Answer && !p.Distractors.Contains(a)).ToArray();
            rng.Shuffle(pool);
            result.Add(p with { Distractors = p.Distractors.Concat(pool.Take(count - p.Distractors.Count)).ToList() });
        }
        return result;
    }
}
