using System.Text.RegularExpressions;

namespace Pipeline.Audit;

/// <summary>
/// Cloze probes from held-out text: a sentence of at least <c>minWords</c> words with its last word as the answer
/// and distractors drawn from the words of the same domain's held-out text (frequent enough, same length class).
/// </summary>
public static partial class ClozeProbeGenerator
{
    [GeneratedRegex(@"[^.!?]+[.!?]")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"^\p{L}[\p{L}'’-]*$")]
    private static partial Regex WordLike();

    /// <summary>Up to <paramref name="max"/> probes for <paramref name="domain"/> from <paramref name="documents"/>, deterministic for <paramref name="seed"/>.</summary>
    public static List<Probe> Generate(string domain, IReadOnlyList<string> documents, int max, int distractors, int seed, int minWords = 6)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<(string Prompt, string Answer)>();
        foreach (var doc in documents)
        {
            foreach (Match m in Sentence().Matches(doc))
            {
                var words = m.Value.Trim().TrimEnd('.', '!', '?').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                foreach (var w in words)
                {
                    var clean = w.Trim('"', '\'', ',', ';', ':', '(', ')');
                    if (WordLike().IsMatch(clean) && clean.Length >= 3) vocab[clean] = vocab.GetValueOrDefault(clean) + 1;
                }
                if (words.Length < minWords) continue;
                var last = words[^1].Trim('"', '\'', ',', ';', ':', '(', ')');
                if (!WordLike().IsMatch(last) || last.Length < 3) continue;
                var prompt = string.Join(' ', words[..^1]);
                candidates.Add((prompt, last));
            }
        }
        var pool = vocab.Where(kv => kv.Value >= 2).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        if (pool.Length < distractors + 1) pool = vocab.Keys.Order(StringComparer.Ordinal).ToArray();
        var rng = new Random(seed);
        var picked = candidates.ToArray();
        rng.Shuffle(picked);
        var probes = new List<Probe>();
        foreach (var (prompt, answer) in picked)
        {
            if (probes.Count >= max) break;
            var options = pool.Where(w => !string.Equals(w, answer, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (options.Length < distractors) continue;
            var chosen = new HashSet<string>(StringComparer.Ordinal);
            while (chosen.Count < distractors) chosen.Add(options[rng.Next(options.Length)]);
            probes.Add(new Probe(domain, prompt, answer, chosen.Order(StringComparer.Ordinal).ToList(), "cloze"));
        }
        return probes;
    }
}
