using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Filters.Pii;

/// <summary>
/// A class letter per lowercased word, as one of the entity model's lexicon features; 'u' for a word not listed.
/// <see cref="CaseProfile"/>: how a word is written in ordinary running text, counted on an unlabelled corpus — mostly
/// lowercase ('l'), mostly capitalised in mid-sentence ('c', names and places) or either ('m'): a capitalised word that
/// running text writes in lowercase ("Phone", "Kernel", "Maybe") is a sentence start or a heading, not a name.
/// <see cref="NameList"/>: how often a word was labelled a name in training records.
/// </summary>
internal sealed class WordClasses
{
    private const int MinCount = 3;
    private readonly Dictionary<string, char> _classes;

    private WordClasses(Dictionary<string, char> classes) => _classes = classes;

    public static WordClasses Empty { get; } = new([]);

    /// <summary>
    /// From (word, times labelled a name, times seen) counts: 'P' a name at least half the time and seen three times
    /// or more, 'p' a name at least half the time, 'm' sometimes a name, 'o' never.
    /// </summary>
    public static WordClasses NameList(IReadOnlyDictionary<string, (int Name, int Seen)> counts)
    {
        var classes = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var (word, (name, seen)) in counts)
            classes[word] = name == 0 ? 'o' : 2 * name >= seen ? (name >= 3 ? 'P' : 'p') : 'm';
        return new WordClasses(classes);
    }

    public int Count => _classes.Count;

    public char Class(string lowercaseWord) => _classes.TryGetValue(lowercaseWord, out var c) ? c : 'u';

    /// <summary>Counts the words of <paramref name="paths"/> (plain text, or JSON lines whose "text" field is read).</summary>
    public static WordClasses CaseProfile(IEnumerable<string> paths, Regex tokens)
    {
        var counts = new Dictionary<string, (int Lower, int Capital)>(StringComparer.Ordinal);
        foreach (var path in paths)
            foreach (var text in Texts(path))
            {
                bool sentenceStart = true;
                foreach (Match m in tokens.Matches(text))
                {
                    var token = m.ValueSpan;
                    if (!char.IsLetter(token[0]))
                    {
                        if (token.Length == 1 && token[0] is '.' or '!' or '?' or ':' or '"') sentenceStart = true;
                        continue;
                    }
                    bool lower = char.IsLower(token[0]), capital = char.IsUpper(token[0]) && (token.Length == 1 || !char.IsUpper(token[1]));
                    bool atStart = sentenceStart || (m.Index > 0 && text[m.Index - 1] == '\n');
                    sentenceStart = false;
                    if (!lower && (!capital || atStart)) continue; // all-caps, or capitalised where any word would be
                    var key = token.ToString().ToLowerInvariant();
                    var (l, c) = counts.GetValueOrDefault(key);
                    counts[key] = lower ? (l + 1, c) : (l, c + 1);
                }
            }
        var classes = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var (word, (l, c)) in counts)
        {
            if (l + c < MinCount) continue;
            double capital = (double)c / (l + c);
            classes[word] = capital < 0.1 ? 'l' : capital < 0.6 ? 'm' : 'c';
        }
        return new WordClasses(classes);
    }

    private static IEnumerable<string> Texts(string path)
    {
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            yield return File.ReadAllText(path);
            yield break;
        }
        int line = 0;
        foreach (var json in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(json)) continue;
            string? text;
            try
            {
                using var doc = JsonDocument.Parse(json);
                text = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {line} is not JSON ({ex.Message})", ex);
            }
            if (text is null) throw new InvalidDataException($"{path}: line {line} has no string \"text\"");
            yield return text;
        }
    }

    /// <summary>Writes the classes, sorted by word (the same corpus gives the same bytes).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(_classes.Count);
        foreach (var (word, c) in _classes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.Write(word);
            w.Write((byte)c);
        }
    }

    public static WordClasses Read(BinaryReader r, string path)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 10_000_000) throw new InvalidDataException($"{path}: bad case profile size {n}");
        var classes = new Dictionary<string, char>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var word = r.ReadString();
            var c = (char)r.ReadByte();
            if (c is not ('l' or 'm' or 'c' or 'o' or 'p' or 'P')) throw new InvalidDataException($"{path}: bad case class {(int)c}");
            classes[word] = c;
        }
        return new WordClasses(classes);
    }
}
