using System.Text;

namespace Pipeline.Ingest.Synthetic;

/// <summary>
/// Precomputed sentences and titles built once from <see cref="SyntheticWords"/> templates with a fixed seed,
/// so generating a document is mostly copying. 8,192 sentences (about 1 MB) stay in cache: a larger pool made
/// generation several times slower through cache misses; unrelated documents still rarely share a sentence.
/// </summary>
internal sealed class SyntheticTextPool
{
    public const int SentenceCount = 1 << 13;
    public const int TitleCount = 1 << 12;

    private static readonly Lazy<SyntheticTextPool> s_instance = new(() => new SyntheticTextPool(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static SyntheticTextPool Instance => s_instance.Value;

    private readonly string _chars;
    private readonly long[] _entries; // start << 24 | length << 8 | word count: one cache line per lookup

    private SyntheticTextPool()
    {
        var rng = new SyntheticRng(0x5EED_0F_7E47UL);
        var sb = new StringBuilder(SentenceCount * 64);
        _entries = new long[SentenceCount];
        for (int i = 0; i < SentenceCount; i++)
        {
            var s = Expand(SyntheticWords.Templates[rng.NextInt(SyntheticWords.Templates.Length)], ref rng, title: false);
            _entries[i] = (long)sb.Length << 24 | (long)Math.Min(s.Length, 0xFFFF) << 8 | (long)Math.Min(255, CountWords(s));
            sb.Append(s);
        }
        _chars = sb.ToString();
        Titles = new string[TitleCount];
        for (int i = 0; i < TitleCount; i++)
            Titles[i] = Expand(SyntheticWords.TitleTemplates[rng.NextInt(SyntheticWords.TitleTemplates.Length)], ref rng, title: true);
        Slugs = new string[TitleCount];
        for (int i = 0; i < TitleCount; i++)
            Slugs[i] = Slug(Titles[i]);
    }

    public string[] Titles { get; }

    public string[] Slugs { get; }

    /// <summary>Sentence <paramref name="i"/> and its word count.</summary>
    public ReadOnlySpan<char> Sentence(int i, out int words)
    {
        long e = _entries[i];
        words = (int)(e & 0xFF);
        return _chars.AsSpan((int)(e >> 24), (int)((e >> 8) & 0xFFFF));
    }

    public ReadOnlySpan<char> Sentence(int i) => Sentence(i, out _);

    private static int CountWords(string s)
    {
        int n = 0;
        bool inWord = false;
        foreach (var c in s)
        {
            bool w = c != ' ';
            if (w && !inWord) n++;
            inWord = w;
        }
        return n;
    }

    private static string Slug(string title)
    {
        var sb = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().Trim('-');
    }

    /// <summary>Fills a template's slots with random words.</summary>
    public static string Expand(string template, ref SyntheticRng rng, bool title)
    {
        var sb = new StringBuilder(template.Length * 2);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '{')
            {
                sb.Append(c);
                i++;
                continue;
            }
            int end = template.IndexOf('}', i);
            var slot = template.AsSpan(i + 1, end - i - 1);
            sb.Append(Word(slot, ref rng));
            i = end + 1;
        }
        if (sb.Length > 0) sb[0] = char.ToUpperInvariant(sb[0]);
        for (int k = 0; k + 2 < sb.Length; k++)
        {
            if ((sb[k] == 'a' || sb[k] == 'A') && (k == 0 || sb[k - 1] == ' ') && sb[k + 1] == ' ' && "aeiou".Contains(sb[k + 2]))
                sb.Insert(k + 1, 'n');
        }
        if (title)
        {
            for (int k = 1; k < sb.Length; k++)
                if (sb[k - 1] == ' ' && k + 3 < sb.Length && sb[k + 3] != ' ' && sb[k + 2] != ' ' && sb[k + 1] != ' ') sb[k] = char.ToUpperInvariant(sb[k]);
        }
        return sb.ToString();
    }

    private static string Word(ReadOnlySpan<char> slot, ref SyntheticRng rng) => slot switch
    {
        "A" => rng.Pick(SyntheticWords.Adjectives),
        "N" => NounForms(rng.Pick(SyntheticWords.Nouns)).Singular,
        "P" => NounForms(rng.Pick(SyntheticWords.Nouns)).Plural,
        "V" => VerbForms(rng.Pick(SyntheticWords.Verbs))[0],
        "S" => VerbForms(rng.Pick(SyntheticWords.Verbs))[1],
        "D" => VerbForms(rng.Pick(SyntheticWords.Verbs))[2],
        "PP" => VerbForms(rng.Pick(SyntheticWords.Verbs))[3],
        "R" => rng.Pick(SyntheticWords.Adverbs),
        "I" => rng.Pick(SyntheticWords.Prepositions),
        "O" => rng.Pick(SyntheticWords.Openers),
        "M" => rng.Pick(SyntheticWords.Names),
        "Q" => rng.Pick(SyntheticWords.Numbers),
        "X" => rng.Pick(SyntheticWords.OffensiveTerms),
        _ => throw new InvalidOperationException($"unknown template slot {slot}"),
    };

    public static (string Singular, string Plural) NounForms(string entry)
    {
        int bar = entry.IndexOf('|');
        if (bar > 0) return (entry[..bar], entry[(bar + 1)..]);
        if (entry.EndsWith('s') || entry.EndsWith("sh", StringComparison.Ordinal) || entry.EndsWith("ch", StringComparison.Ordinal) || entry.EndsWith('x'))
            return (entry, entry + "es");
        if (entry.Length > 1 && entry[^1] == 'y' && !"aeiou".Contains(entry[^2])) return (entry, entry[..^1] + "ies");
        return (entry, entry + "s");
    }

    public static string[] VerbForms(string entry)
    {
        if (entry.Contains('|')) return entry.Split('|');
        string s = entry.EndsWith('s') || entry.EndsWith("sh", StringComparison.Ordinal) || entry.EndsWith("ch", StringComparison.Ordinal) || entry.EndsWith('x') ? entry + "es" : entry + "s";
        string past = entry.EndsWith('e') ? entry + "d" : entry + "ed";
        return [entry, s, past, past];
    }

    /// <summary>Fills a template with an offensive term and other slots (used for the offensive sentences).</summary>
    public static string ExpandSpecial(string template, ref SyntheticRng rng) => Expand(template, ref rng, title: false);
}
