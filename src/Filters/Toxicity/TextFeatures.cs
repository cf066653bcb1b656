using System.Globalization;
using System.Text;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Hashed features of a text: lower-cased word unigrams and bigrams plus character 2–5-grams of each word padded
/// with spaces ("^word$" style), FNV-1a hashed into 2^bits buckets. Mentions become "@user", links "http".
/// <see cref="Extract"/> is the version-1 set (values 1 per occurrence, L2-normalised); <see cref="ExtractNormalised"/>
/// (version 2) first undoes common disguises (see <see cref="NormalisedWords"/>) and adds word-list hit features;
/// <see cref="ExtractVersion3"/> counts each n-gram once (presence) and adds word-class features (see <see cref="WordClasses"/>).
/// </summary>
internal static class TextFeatures
{
    /// <summary>
    /// Version-2 features: n-grams of <see cref="NormalisedWords"/>, L2-normalised, plus unit features of
    /// <paramref name="lexicon"/> hits (any/none, count 1/2/3+, strongest severity, disguised hit, hit share of words).
    /// </summary>
    public static void ExtractNormalised(string text, int bits, FeatureLexicon lexicon, List<int> indices, List<float> values)
    {
        indices.Clear();
        values.Clear();
        int mask = (1 << bits) - 1;
        var words = NormalisedWords(text, out var disguised);
        AddNgrams(words, mask, indices, values);
        LexiconUnits(lexicon, words, disguised, name => AddUnit(indices, values, mask, name));
    }

    /// <summary>Names of the word-list features of <paramref name="words"/>: any/none, hit count 1/2/3+, strongest severity, a disguised hit, hits per word.</summary>
    private static void LexiconUnits(FeatureLexicon lexicon, List<string> words, IReadOnlySet<int> disguised, Action<string> unit)
    {
        var (hits, severity, hidden) = lexicon.Match(words, disguised);
        unit(hits == 0 ? "lex:none" : "lex:any");
        if (hits == 0) return;
        unit(hits switch { 1 => "lex:n1", 2 => "lex:n2", _ => "lex:n3+" });
        unit(severity switch { < 1.5f => "lex:sev1", < 2.5f => "lex:sev2", _ => "lex:sev3" });
        if (hidden > 0) unit("lex:disguised");
        double share = (double)hits / words.Count;
        unit(share switch { < 0.05 => "lex:share<5%", < 0.15 => "lex:share<15%", _ => "lex:share>=15%" });
    }

    /// <summary>Weight of a unit feature (word-list hit, word class) in version 3 against one n-gram of the same text.</summary>
    internal const float UnitWeight = 6f;

    /// <summary>
    /// Version-3 features: the n-grams of <see cref="NormalisedWords"/> counted once each (presence), L2-normalised;
    /// then unit features, each at most once and worth <see cref="UnitWeight"/> n-grams of the text (so they keep their
    /// weight against the n-grams in a short tweet and in a long comment alike): the word-list hits of version 2, and word
    /// classes (<see cref="WordClasses"/>): each class present, each bigram with a class word in it with the class in
    /// place of the word ("kill the" → "&lt;viol&gt; the", "the gays" → "the &lt;sex&gt;"), and each pair of classes present
    /// together ("&lt;rel&gt;&amp;&lt;viol&gt;").
    /// </summary>
    public static void ExtractVersion3(string text, int bits, FeatureLexicon lexicon, List<int> indices, List<float> values)
    {
        indices.Clear();
        values.Clear();
        int mask = (1 << bits) - 1;
        var words = NormalisedWords(text, out var disguised);
        float ngram = AddNgrams(words, mask, indices, values, presence: true);
        float unitValue = UnitWeight * (ngram > 0 ? ngram : 1);
        var units = new HashSet<int>();
        void Unit(uint seed, string name)
        {
            int index = Hash(seed, name) & mask;
            if (!units.Add(index)) return;
            indices.Add(index);
            values.Add(unitValue);
        }
        LexiconUnits(lexicon, words, disguised, name => Unit(50, name));
        string? previous = null, previousClass = null;
        var present = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var w in words)
        {
            var cls = WordClasses.Of(w);
            if (cls is not null)
            {
                Unit(60, cls);
                present.Add(cls);
            }
            if (previous is not null && (cls is not null || previousClass is not null)) Unit(61, (previousClass ?? previous) + " " + (cls ?? w));
            previous = w;
            previousClass = cls;
        }
        var classes = present.ToList();
        for (int a = 0; a < classes.Count; a++)
            for (int b = a + 1; b < classes.Count; b++) Unit(63, classes[a] + "&" + classes[b]);
    }

    private static void AddUnit(List<int> indices, List<float> values, int mask, string name)
    {
        int index = Hash(50, name) & mask;
        int at = indices.IndexOf(index);
        if (at >= 0) { values[at] += 1; return; }
        indices.Add(index);
        values.Add(1);
    }

    /// <summary>
    /// Lower-cased words with disguises undone: HTML entities decoded, accents of Latin letters dropped, mentions → "@user", links →
    /// "http", retweet markers and hashtag signs removed; inside a word leetspeak digits and symbols become letters
    /// ("sh1t", "@ss", "$hit"), masks and dots between letters go ("f*ck" → "fck", "f.u.c.k" → "fuck"), letters
    /// repeated three or more times are cut to two; spaced-out letters ("f u c k") are joined. Positions of words
    /// that were changed this way are returned in <paramref name="disguised"/>.
    /// </summary>
    public static List<string> NormalisedWords(string text, out HashSet<int> disguised)
    {
        disguised = [];
        var result = new List<string>();
        var decoded = System.Net.WebUtility.HtmlDecode(text);
        var tokens = decoded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var letters = new StringBuilder();
        for (int t = 0; t < tokens.Length; t++)
        {
            var raw = tokens[t];
            if (raw.Length > 1 && raw[0] == '@') { result.Add("@user"); continue; }
            if (raw.StartsWith("http", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) { result.Add("http"); continue; }
            if (raw is "RT" or "rt" or "RT:") continue;
            // "f u c k": three or more one-letter tokens in a row form one word
            if (raw.Length == 1 && char.IsLetter(raw[0]))
            {
                int end = t;
                while (end + 1 < tokens.Length && tokens[end + 1].Length == 1 && char.IsLetter(tokens[end + 1][0])) end++;
                if (end - t >= 2)
                {
                    letters.Clear();
                    for (int k = t; k <= end; k++) letters.Append(char.ToLowerInvariant(tokens[k][0]));
                    disguised.Add(result.Count);
                    result.Add(letters.ToString());
                    t = end;
                    continue;
                }
            }
            var (clean, changed) = Undisguise(raw.TrimStart('#'));
            int first = result.Count;
            foreach (var w in TextUnits.Words(clean)) result.Add(w);
            if (changed) for (int k = first; k < result.Count; k++) disguised.Add(k);
            foreach (var c in raw) if (c is '!' or '?') { result.Add(c.ToString()); break; }
        }
        return result;
    }

    private const string AccentedLatin = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżžß";
    private const string PlainLatin = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzzs";

    private static (string Text, bool Changed) Undisguise(string token)
    {
        var sb = new StringBuilder(token.Length);
        bool hasLetter = false;
        foreach (var c in token) if (char.IsLetter(c)) { hasLetter = true; break; }
        bool changed = false;
        for (int i = 0; i < token.Length; i++)
        {
            char c = token[i];
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue; // combining accents
            char lower = char.ToLowerInvariant(c);
            int folded = AccentedLatin.IndexOf(lower);
            if (folded >= 0) lower = PlainLatin[folded];
            bool inner = i > 0 && i < token.Length - 1 && char.IsLetterOrDigit(token[i - 1]) && (char.IsLetterOrDigit(token[i + 1]) || token[i + 1] is '*' or '.');
            if (hasLetter && LeetLetter(lower, inner, i == 0 && token.Length > 1 && char.IsLetter(token[1])) is char mapped)
            {
                sb.Append(mapped);
                changed = true;
                continue;
            }
            if (hasLetter && inner && lower is '*' or '.' or '_' or '~' or '^' or '#' or '%' or '·')
            {
                changed = true;
                continue;
            }
            int len = sb.Length;
            if (char.IsLetter(lower) && len >= 2 && sb[len - 1] == lower && sb[len - 2] == lower) { changed = true; continue; }
            sb.Append(lower);
        }
        return (sb.ToString(), changed);
    }

    private static char? LeetLetter(char c, bool inner, bool leadingBeforeLetter) => c switch
    {
        '0' when inner => 'o',
        '1' when inner => 'i',
        '3' when inner => 'e',
        '4' when inner => 'a',
        '5' when inner => 's',
        '7' when inner => 't',
        '@' when inner || leadingBeforeLetter => 'a',
        '$' when inner || leadingBeforeLetter => 's',
        '!' when inner => 'i',
        '|' when inner => 'i',
        _ => null,
    };

    public static void Extract(string text, int bits, List<int> indices, List<float> values)
    {
        indices.Clear();
        values.Clear();
        AddNgrams(Words(text), (1 << bits) - 1, indices, values);
    }

    /// <summary>Word uni/bigrams and padded character 2–5-grams of <paramref name="words"/>, L2-normalised, appended; with
    /// <paramref name="presence"/> each counts once however often it occurs. Returns the normalising factor (0 when none).</summary>
    private static float AddNgrams(List<string> words, int mask, List<int> indices, List<float> values, bool presence = false)
    {
        var counts = new Dictionary<int, float>();
        string? prev = null;
        foreach (var w in words)
        {
            Add(counts, Hash(1, w) & mask);
            if (prev is not null) Add(counts, Hash(2, prev, w) & mask);
            prev = w;
            var padded = " " + w + " ";
            for (int n = 2; n <= 5; n++)
                for (int i = 0; i + n <= padded.Length; i++)
                    Add(counts, Hash((uint)(10 + n), padded.AsSpan(i, n)) & mask);
        }
        if (counts.Count == 0) return 0;
        double norm = 0;
        foreach (var v in counts.Values) norm += presence ? 1 : v * v;
        float inv = (float)(1 / Math.Sqrt(norm));
        foreach (var kv in counts)
        {
            indices.Add(kv.Key);
            values.Add((presence ? 1 : kv.Value) * inv);
        }
        return inv;
    }

    private static void Add(Dictionary<int, float> counts, int index) => counts[index] = counts.GetValueOrDefault(index) + 1;

    internal static List<string> Words(string text)
    {
        var result = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.StartsWith('@')) { result.Add("@user"); continue; }
            if (raw.StartsWith("http", StringComparison.OrdinalIgnoreCase)) { result.Add("http"); continue; }
            var lower = raw.ToLowerInvariant().Replace("&amp;", "&", StringComparison.Ordinal);
            foreach (var w in TextUnits.Words(lower)) result.Add(w);
            foreach (var c in lower) if (c is '!' or '?') { result.Add(c.ToString()); break; }
        }
        return result;
    }

    private static int Hash(uint seed, ReadOnlySpan<char> a)
    {
        uint h = 2166136261u ^ (seed * 16777619u);
        foreach (var c in a) { h ^= c; h *= 16777619u; }
        return (int)(h & 0x7FFFFFFF);
    }

    private static int Hash(uint seed, string a, string b)
    {
        uint h = 2166136261u ^ (seed * 16777619u);
        foreach (var c in a) { h ^= c; h *= 16777619u; }
        h ^= 0x20; h *= 16777619u;
        foreach (var c in b) { h ^= c; h *= 16777619u; }
        return (int)(h & 0x7FFFFFFF);
    }
}
