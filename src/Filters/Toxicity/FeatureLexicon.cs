using System.Globalization;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// A word list held as 64-bit hashes of normalised terms (never the terms themselves), matched against the
/// normalised words of a text: exact phrases, and single words whose letters were disguised ("sh1t", "f*ck",
/// "fuuuck") by their consonant skeleton. Its hits are features of the classifier, stored inside the model file.
/// </summary>
internal sealed class FeatureLexicon
{
    private const int MaxPhraseWords = 4;
    private readonly Dictionary<ulong, float> _exact;
    private readonly Dictionary<ulong, float> _skeleton;

    private FeatureLexicon(Dictionary<ulong, float> exact, Dictionary<ulong, float> skeleton)
    {
        _exact = exact;
        _skeleton = skeleton;
    }

    /// <summary>An empty lexicon (no lexicon features fire).</summary>
    public static FeatureLexicon Empty { get; } = new([], []);

    /// <summary>Number of exact keys.</summary>
    public int Count => _exact.Count;

    /// <summary>Builds from terms (LDNOOBW or surge style) and optional severity weights (default 1).</summary>
    public static FeatureLexicon Build(IEnumerable<string> terms, IReadOnlyDictionary<string, double>? weights)
    {
        var exact = new Dictionary<ulong, float>();
        var skeleton = new Dictionary<ulong, float>();
        foreach (var raw in terms)
        {
            var term = raw.Trim();
            if (term.Length == 0 || term.StartsWith('#')) continue;
            var words = TextFeatures.NormalisedWords(term, out _);
            if (words.Count is 0 or > MaxPhraseWords) continue;
            float weight = weights is not null && weights.TryGetValue(term.ToLowerInvariant(), out var w) ? (float)w : 1f;
            var key = Key(words, 0, words.Count);
            exact[key] = Math.Max(weight, exact.GetValueOrDefault(key));
            if (words.Count == 1 && Skeleton(words[0]) is { Length: >= 3 } sk)
            {
                var sKey = Hash64(sk);
                skeleton[sKey] = Math.Max(weight, skeleton.GetValueOrDefault(sKey));
            }
        }
        return new FeatureLexicon(exact, skeleton);
    }

    /// <summary>Hits in normalised <paramref name="words"/>: count, strongest weight, and how many were disguised.</summary>
    public (int Hits, float MaxWeight, int Disguised) Match(List<string> words, IReadOnlySet<int> disguised)
    {
        int hits = 0, hidden = 0;
        float max = 0;
        if (_exact.Count == 0) return (0, 0, 0);
        for (int i = 0; i < words.Count; i++)
        {
            int matched = 0;
            for (int n = Math.Min(MaxPhraseWords, words.Count - i); n >= 1 && matched == 0; n--)
                if (_exact.TryGetValue(Key(words, i, n), out var w)) { matched = n; max = Math.Max(max, w); }
            if (matched == 0 && disguised.Contains(i) && Skeleton(words[i]) is { Length: >= 3 } sk && _skeleton.TryGetValue(Hash64(sk), out var ws))
            {
                matched = 1;
                max = Math.Max(max, ws);
            }
            if (matched == 0) continue;
            hits++;
            if (disguised.Contains(i)) hidden++;
            i += matched - 1;
        }
        return (hits, max, hidden);
    }

    /// <summary>Consonants of a word with vowels, masks and repeats removed ("f*ck", "fuuuck" → "fck").</summary>
    internal static string Skeleton(string word)
    {
        Span<char> buf = stackalloc char[word.Length];
        int n = 0;
        foreach (var c in word)
        {
            if (!char.IsLetter(c) || c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y') continue;
            if (n > 0 && buf[n - 1] == c) continue;
            buf[n++] = c;
        }
        return new string(buf[..n]);
    }

    private static ulong Key(List<string> words, int start, int count)
    {
        ulong h = 14695981039346656037UL;
        for (int k = start; k < start + count; k++)
        {
            if (k > start) { h ^= ' '; h *= 1099511628211UL; }
            foreach (var c in words[k]) { h ^= c; h *= 1099511628211UL; }
        }
        return h;
    }

    private static ulong Hash64(string s)
    {
        ulong h = 0xcbf29ce484222325UL ^ 0x5bd1e995UL;
        foreach (var c in s) { h ^= c; h *= 1099511628211UL; }
        return h;
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(_exact.Count);
        foreach (var (k, v) in _exact.OrderBy(kv => kv.Key)) { w.Write(k); w.Write(v); }
        w.Write(_skeleton.Count);
        foreach (var (k, v) in _skeleton.OrderBy(kv => kv.Key)) { w.Write(k); w.Write(v); }
    }

    internal static FeatureLexicon Read(BinaryReader r, string path)
    {
        var exact = ReadMap(r, path);
        var skeleton = ReadMap(r, path);
        return new FeatureLexicon(exact, skeleton);
    }

    private static Dictionary<ulong, float> ReadMap(BinaryReader r, string path)
    {
        int n = r.ReadInt32();
        if (n is < 0 or > 10_000_000) throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: bad lexicon size {n}"));
        var map = new Dictionary<ulong, float>(n);
        for (int i = 0; i < n; i++) map[r.ReadUInt64()] = r.ReadSingle();
        return map;
    }
}
