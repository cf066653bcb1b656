using System.Text;
using System.Text.RegularExpressions;

using Pipeline.Filters.Text;

namespace Pipeline.Filters.Pii;

/// <summary>
/// The small model behind the opt-in types PERSON and STREET_ADDRESS: one logistic regression per type over hashed
/// token features (the word, its shape, prefix and suffix, the two words and shapes either side, line position, a
/// preceding title, and two word lists: the case profile of an unlabelled corpus and the names of the training
/// labels), trained by AdaGrad SGD on labelled PII sets. A token scoring at least 0.5 is part of an entity;
/// neighbouring entity tokens join into one span (names across spaces, addresses across punctuation and line breaks),
/// and capitalised words listed with a name found ("Malon, Kaylee and Jennifer") are names too.
/// Saved as one binary file; the built-in one (<see cref="Default"/>) ships inside this assembly. Thread-safe.
/// </summary>
public sealed partial class PiiEntityModel
{
    /// <summary>Fraction of templates held out from training (figures are reported on them).</summary>
    public const double HeldOutFraction = 0.2;

    private const int Magic = 0x4D455050; // "PPEM"
    private const int Version = 2;
    private const string DefaultResource = "Pipeline.Filters.Pii.pii-entities.bin";
    private static readonly Lazy<PiiEntityModel> BuiltIn = new(LoadDefault);
    private static readonly string[] Types = [PiiEntityTypes.Person, PiiEntityTypes.StreetAddress];
    private readonly int _bits;
    private readonly float[][] _weights;
    private readonly float[] _bias;
    private readonly WordClasses _case;
    private readonly WordClasses _names;

    private PiiEntityModel(int bits, float[][] weights, float[] bias, WordClasses caseProfile, WordClasses names)
    {
        _bits = bits;
        _weights = weights;
        _bias = bias;
        _case = caseProfile;
        _names = names;
    }

    /// <summary>The model shipped inside this assembly (see docs/filters.md for its training run).</summary>
    public static PiiEntityModel Default => BuiltIn.Value;

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+(?:['\u2019\-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();

    [GeneratedRegex(@"^[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameGapRegex();

    [GeneratedRegex(@"^[\s,.;:>#\-/()|]{0,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressGapRegex();

    /// <summary>Entities of the opt-in types in <paramref name="types"/> found in <paramref name="text"/>, by start.</summary>
    public List<PiiMatch> Detect(string text, IReadOnlySet<string> types)
    {
        var found = new List<PiiMatch>();
        bool persons = types.Contains(PiiEntityTypes.Person), addresses = types.Contains(PiiEntityTypes.StreetAddress);
        if (string.IsNullOrEmpty(text) || (!persons && !addresses)) return found;
        var tokens = Tokens(text);
        if (tokens.Count == 0) return found;
        var view = new TokenView(text, tokens, _case, _names);
        var features = new int[tokens.Count][];
        for (int i = 0; i < tokens.Count; i++) features[i] = Features(view, i, out _);
        for (int t = 0; t < Types.Length; t++)
        {
            if (!types.Contains(Types[t])) continue;
            var gap = t == 0 ? NameGapRegex() : AddressGapRegex();
            int start = -1, end = -1, first = -1, count = 0;
            double firstP = 0;
            void Close()
            {
                // a lone capitalised word opening a sentence ("Ship to …", "Phone: …") needs a surer score
                if (start >= 0 && !(t == 0 && count == 1 && firstP < SentenceStartMin && SentenceStart(text, tokens, first)))
                    found.Add(Span(Types[t], text, start, end));
            }
            for (int i = 0; i < tokens.Count; i++)
            {
                double p = Probability(t, features[i]);
                if (p < 0.5) continue;
                var (ts, tl) = tokens[i];
                if (start >= 0 && gap.IsMatch(text.AsSpan(end, ts - end))) { end = ts + tl; count++; continue; }
                Close();
                start = ts;
                end = ts + tl;
                first = i;
                firstP = p;
                count = 1;
            }
            Close();
        }
        found.RemoveAll(m => m.Length == 0 || !Plausible(text, m));
        if (persons)
        {
            AddIntroducedNames(text, view, found);
            AddListedNames(text, view, found);
            ExtendToTitles(text, found);
        }
        if (addresses)
        {
            ExtendToPostcodes(text, found);
            AddPostcodes(text, found);
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    // US ZIP / ZIP+4, 3-3/3-4 (Brazil, Poland, Japan), 4–6 digits, UK and Canadian codes
    private const string PostcodeShape = @"\d{5}(?:-\d{4})?|\d{3}-\d{3,4}|\d{4,6}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d";

    // "my zip code is 35649", "Postcode: SW1A 1AA": a postal code given as the value of one is part of an address even on
    // its own (a postcode merely mentioned, "postcode 2000 and 3056 are in the list", is not)
    [GeneratedRegex(@"(?i)\b(?:zip(?:\s*code)?|post(?:al)?\s*code|postcode|plz|cep)\b(?:\s+(?:is|was)\s*:?\s*|\s*[:=]\s*)(?-i)(" + PostcodeShape + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodeRegex();

    // what may follow an address up to its postcode: town, region and country words (no digits), then the code,
    // which ends the line, the sentence or the record ("… Suite 271 >Soest >Peru 38267", "…, Sydney NSW 2000.")
    [GeneratedRegex(@"\G(?:[\s,>|;/]+[\p{L}][\p{L}\p{M}.'\-]*){0,5}[\s,>|;/]+(?:" + PostcodeShape + @")(?=\s*(?:$|[\r\n.,;>|)]))", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex TrailingPostcodeRegex();

    private static void ExtendToPostcodes(string text, List<PiiMatch> found)
    {
        for (int i = 0; i < found.Count; i++)
        {
            var a = found[i];
            if (a.Type != PiiEntityTypes.StreetAddress) continue;
            var m = TrailingPostcodeRegex().Match(text, a.End);
            if (m.Success && m.Length <= 60) found[i] = a with { Length = m.Index + m.Length - a.Start };
        }
    }

    private static void AddPostcodes(string text, List<PiiMatch> found)
    {
        foreach (Match m in PostcodeRegex().Matches(text))
        {
            var g = m.Groups[1];
            if (!found.Any(f => f.Type == PiiEntityTypes.StreetAddress && f.Start < g.Index + g.Length && g.Index < f.Start + f.Length))
                found.Add(new PiiMatch(PiiEntityTypes.StreetAddress, g.Index, g.Length));
        }
    }

    /// <summary>
    /// Shape checks on a candidate span: an address holds a digit (house number, suite, postcode) and a word (a bare
    /// number is a card, phone or count far more often than a postcode); a name holds a letter and is not a single common function word ("Her", "before").
    /// </summary>
    private static bool Plausible(string text, PiiMatch m)
    {
        var span = text.AsSpan(m.Start, m.Length);
        if (m.Type == PiiEntityTypes.StreetAddress)
            return span.IndexOfAnyInRange('0', '9') >= 0 && span.ContainsAnyExcept(DigitsAndMarks) && !PostcodeMentionRegex().IsMatch(span);
        if (span.IndexOfAny(Letters) < 0 && !span.ContainsAnyExcept(" .-'0123456789")) return false;
        return !FunctionWords.Contains(span.ToString().ToLowerInvariant());
    }

    // a postcode label and numbers, nothing else ("postcode 3056"): an address only as the value of the label (AddPostcodes)
    [GeneratedRegex(@"^(?i:zip|postal|post|postcode|code|plz|cep|[\s\d,.:;#\-])+$", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodeMentionRegex();

    private static readonly System.Buffers.SearchValues<char> DigitsAndMarks = System.Buffers.SearchValues.Create("0123456789 \t\r\n,.;:-/#()>|+");

    private static readonly System.Buffers.SearchValues<char> Letters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "in", "on", "at", "to", "by", "for", "from", "with", "about", "as",
        "i", "i'm", "i’m", "i'll", "i've", "i'd", "me", "my", "you", "your", "he", "him", "his", "she", "her", "hers", "we", "us", "our", "they", "them", "their",
        "it", "its", "this", "that", "these", "those", "who", "whom", "whose", "what", "which", "where", "when", "why", "how",
        "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have", "has", "had", "not", "no", "yes",
        "before", "after", "again", "here", "there", "then", "now", "please", "thanks", "hello", "hi", "dear", "mr", "mrs", "ms", "dr",
    };

    // words that introduce a name: a greeting ("Hi Romilda,", "Dear Mr …", "Hello, Anna"), a sign-off on its own line
    // ("Regards,\nAnna") or a naming phrase ("my name is", "her maiden name is", "call me", "named")
    [GeneratedRegex(@"(?i:\b(?:(?<greet>(?:hi|hello|hey|dear),?[ \t]+|(?:thanks|thank\s+you|regards|cheers|sincerely|best\s+wishes|best|yours\s+truly),?[ \t]*\r?\n[ \t]*)|(?:name\s+is|name's|surname\s+is|call\s+me|named|known\s+as)[ \t]+))$", RegexOptions.CultureInvariant)]
    private static partial Regex IntroBeforeRegex();

    // the words an introduction (IntroBeforeRegex) or a vocative (",") ends with
    private static readonly HashSet<string> IntroEnds = new(StringComparer.Ordinal) { "hi", "hello", "hey", "dear", ",", "is", "name's", "me", "named", "as" };

    /// <summary>
    /// A word right after a greeting, a sign-off line or a naming phrase is a name ("Hi Romilda, I'm …", "Regards,\nAnna",
    /// "She named him Benjamin", "people call me philipp") unless running text writes it in lowercase ("Hi there", "call me
    /// later") or it is a function word or a title; after a greeting or sign-off it must be capitalised.
    /// </summary>
    private static void AddIntroducedNames(string text, TokenView v, List<PiiMatch> found)
    {
        for (int k = 1; k < v.Tokens.Count; k++)
        {
            var (s, l) = v.Tokens[k];
            // only after the last word of an introduction (or a line break, after a sign-off), or addressed at the end of a
            // sentence ("Don't go to town, Judy!", "Where are you, Anna?")
            if (!v.Break[k] && !IntroEnds.Contains(v.Words[k - 1])) continue;
            if (!char.IsLetter(text[s]) || v.Case[k] is 'l' or 'm' || FunctionWords.Contains(v.Words[k]) || Titles.Contains(v.Words[k])) continue;
            if (found.Any(f => f.Start < s + l && s < f.End)) continue;
            if (Vocative(text, v, k)) { found.Add(new PiiMatch(PiiEntityTypes.Person, s, l)); continue; }
            int from = Math.Max(0, s - 16);
            var intro = IntroBeforeRegex().Match(text[from..s]);
            if (!intro.Success || (from + intro.Index > 0 && char.IsLetterOrDigit(text[from + intro.Index - 1]))) continue;
            if (intro.Groups["greet"].Success && !char.IsUpper(text[s])) continue;
            found.Add(new PiiMatch(PiiEntityTypes.Person, s, l));
        }
    }

    /// <summary>
    /// A title-case word between a comma and the "!" that ends the sentence, unless training text had it and never as a
    /// name ("Thanks, Google!"), or before the "?" when it is a listed name (a question ending in a place is as common:
    /// "…, Selwyn Heights, Denmark?").
    /// </summary>
    private static bool Vocative(string text, TokenView v, int k) =>
        k + 1 < v.Tokens.Count && v.Words[k - 1] == "," && (v.Words[k + 1] == "!" ? v.Name[k] != 'o' : v.Words[k + 1] == "?" && v.Name[k] is 'P' or 'p')
        && !v.Break[k] && !v.Break[k + 1] && v.Tokens[k].Length > 1 && char.IsUpper(text[v.Tokens[k].Start]) && char.IsLower(text[v.Tokens[k].Start + 1]);

    /// <summary>The titles a name can follow (lowercase), one list for the token feature (<see cref="Titled"/>) and the span rule.</summary>
    private const string TitleWords = "mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|mister|lady|lord|dame|rev";

    // a title and its full stop right before a name: "Dr. Rodney Radolič", "Mrs Okafor"
    [GeneratedRegex(@"\b(?i:" + TitleWords + @")\.?[ \t]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TitleBeforeRegex();

    /// <summary>
    /// A name's title belongs to the mention ("Dr. Rodney Radolič", not "Rodney Radolič" after an unmarked "Dr."):
    /// a PERSON span right after a title starts at the title, and a title found as a span of its own joins the name after it.
    /// </summary>
    private static void ExtendToTitles(string text, List<PiiMatch> found)
    {
        for (int i = 0; i < found.Count; i++)
        {
            var m = found[i];
            if (m.Type != PiiEntityTypes.Person) continue;
            int from = Math.Max(0, m.Start - 12);
            var before = TitleBeforeRegex().Match(text[from..m.Start]);
            int start = from + before.Index;
            if (!before.Success || (start > 0 && char.IsLetterOrDigit(text[start - 1]))) continue;
            // a title already found alone ("Dr") is absorbed, never doubled
            found.RemoveAll(o => o.Type == PiiEntityTypes.Person && o.Start >= start && o.End <= m.Start);
            int k = found.IndexOf(m);
            found[k] = m with { Start = start, Length = m.End - start };
        }
    }

    private const double SentenceStartMin = 0.9;

    private static readonly HashSet<string> ListJoins = new(StringComparer.Ordinal) { ",", "and", "&", "or" };

    /// <summary>
    /// Names listed together: a capitalised word joined by a comma, "and", "&amp;" or "or" to a name found is a name too
    /// ("Malon, Mark, Kaylee and Jennifer"), as is a title-case word beside one (a first name before a surname) and a
    /// name found elsewhere in the text written again; never a word running text writes in lowercase or one in another match.
    /// </summary>
    private static void AddListedNames(string text, TokenView v, List<PiiMatch> found)
    {
        var person = new bool[v.Tokens.Count];
        var taken = new bool[v.Tokens.Count];
        for (int k = 0; k < v.Tokens.Count; k++)
        {
            var (s, l) = v.Tokens[k];
            foreach (var m in found)
                if (m.Start < s + l && s < m.End)
                {
                    taken[k] = true;
                    if (m.Type == PiiEntityTypes.Person) person[k] = true;
                }
        }
        AddNameLists(text, v, person, taken, found);
        // a name found once is a name wherever the text writes it capitalised again ("Anna Kowalczyk … Kowalczyk said")
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < person.Length; k++)
            if (person[k] && char.IsLetter(text[v.Tokens[k].Start]) && !FunctionWords.Contains(v.Words[k])) names.Add(v.Words[k]);
        bool added, any = false;
        do
        {
            added = false;
            for (int k = 0; k < v.Tokens.Count; k++)
            {
                if (taken[k] || !char.IsUpper(text[v.Tokens[k].Start]) || v.Case[k] == 'l' || FunctionWords.Contains(v.Words[k])) continue;
                bool titleCase = v.Tokens[k].Length > 1 && char.IsLower(text[v.Tokens[k].Start + 1]);
                bool again = titleCase && names.Contains(v.Words[k]);
                if (!again && !Joined(text, v, person, k, -1, titleCase) && !Joined(text, v, person, k, 1, titleCase)) continue;
                person[k] = taken[k] = added = any = true;
                names.Add(v.Words[k]);
                found.Add(new PiiMatch(PiiEntityTypes.Person, v.Tokens[k].Start, v.Tokens[k].Length));
            }
        }
        while (added);
        if (!any) return;
        // one name, one span: parts found apart ("Lars" next to "Nilsson") join across spaces
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (int i = found.Count - 1; i > 0; i--)
        {
            PiiMatch left = found[i - 1], right = found[i];
            if (left.Type != PiiEntityTypes.Person || right.Type != PiiEntityTypes.Person || right.Start < left.End) continue;
            if (!NameGapRegex().IsMatch(text.AsSpan(left.End, right.Start - left.End))) continue;
            found[i - 1] = left with { Length = right.End - left.Start };
            found.RemoveAt(i);
        }
    }

    /// <summary>
    /// A list of three or more capitalised single words ("Layla, Harry, Michele, James and Shelley") is a list of names
    /// when most of its words are names in the name list and none is a word running text writes in lowercase, even when
    /// the model found none of them ("Paris, London and Berlin" never were names in training).
    /// </summary>
    private static void AddNameLists(string text, TokenView v, bool[] person, bool[] taken, List<PiiMatch> found)
    {
        var items = new List<int>();
        for (int k = 0; k <= v.Tokens.Count; k++)
        {
            bool item = k < v.Tokens.Count && ListItem(text, v, k);
            if (item && (items.Count == 0 || ListGap(v, items[^1], k))) { items.Add(k); continue; }
            if (!item && k < v.Tokens.Count && items.Count > 0 && k - items[^1] <= 2 && ListJoins.Contains(v.Words[k]) && !v.Break[k]) continue;
            if (items.Count >= 3)
            {
                int listed = items.Count(i => v.Name[i] is 'P' or 'p');
                if (listed >= 2 && 2 * listed >= items.Count)
                    foreach (var i in items.Where(i => !taken[i] && (v.Case[i] != 'l' || v.Name[i] is 'P' or 'p')))
                    {
                        person[i] = taken[i] = true;
                        found.Add(new PiiMatch(PiiEntityTypes.Person, v.Tokens[i].Start, v.Tokens[i].Length));
                    }
            }
            items.Clear();
            if (item) items.Add(k);
        }
    }

    private static bool ListItem(string text, TokenView v, int k) =>
        char.IsUpper(text[v.Tokens[k].Start]) && v.Tokens[k].Length > 1 && char.IsLower(text[v.Tokens[k].Start + 1]) && !FunctionWords.Contains(v.Words[k]);

    /// <summary>Items <paramref name="a"/> and <paramref name="b"/> of one line are separated by one or two list words (", and").</summary>
    private static bool ListGap(TokenView v, int a, int b) =>
        b - a is 2 or 3 && !v.Break[b] && Enumerable.Range(a + 1, b - a - 1).All(j => ListJoins.Contains(v.Words[j]) && !v.Break[j]);

    /// <summary>
    /// Token <paramref name="k"/> is joined to a name found in direction <paramref name="step"/>: by one or two list
    /// words, or (a title-case word) by nothing but spaces, as a first name stands before a surname.
    /// </summary>
    private static bool Joined(string text, TokenView v, bool[] person, int k, int step, bool titleCase)
    {
        int joins = 0;
        for (int j = k + step; j >= 0 && j < person.Length; j += step)
        {
            if (person[j])
            {
                if (joins == 0)
                {
                    if (!titleCase) return false;
                    int a = Math.Min(j, k), b = Math.Max(j, k);
                    int gapStart = v.Tokens[a].Start + v.Tokens[a].Length;
                    return NameGapRegex().IsMatch(text.AsSpan(gapStart, v.Tokens[b].Start - gapStart));
                }
                return (step < 0 || !v.Break[j]) && (step > 0 || !v.Break[k]);
            }
            if (!ListJoins.Contains(v.Words[j]) || ++joins > 2 || v.Break[j]) return false;
        }
        return false;
    }

    private static bool SentenceStart(string text, List<(int Start, int Length)> tokens, int i)
    {
        if (i == 0) return true;
        var (ps, pl) = tokens[i - 1];
        if (text.AsSpan(ps + pl, tokens[i].Start - ps - pl).Contains('\n')) return true;
        return pl == 1 && text[ps] is '.' or '!' or '?' or '>' or '"';
    }

    private static PiiMatch Span(string type, string text, int start, int end)
    {
        while (end > start && !char.IsLetterOrDigit(text[end - 1]) && text[end - 1] != '.') end--; // no trailing punctuation
        while (start < end && !char.IsLetterOrDigit(text[start])) start++;
        return new PiiMatch(type, start, end - start);
    }

    private double Probability(int type, int[] features)
    {
        double z = _bias[type];
        var w = _weights[type];
        int mask = (1 << _bits) - 1;
        foreach (var f in features) z += w[f & mask];
        return 1 / (1 + Math.Exp(-z));
    }

    internal static List<(int Start, int Length)> Tokens(string text)
    {
        var tokens = new List<(int, int)>();
        foreach (Match m in TokenRegex().Matches(text)) tokens.Add((m.Index, m.Length));
        return tokens;
    }

    /// <summary>Per-token values every feature reads: the lowercased word, its shape, a line break before it, its case class.</summary>
    private sealed class TokenView
    {
        public TokenView(string text, List<(int Start, int Length)> tokens, WordClasses caseProfile, WordClasses names)
        {
            Tokens = tokens;
            Words = new string[tokens.Count];
            Shapes = new string[tokens.Count];
            Break = new bool[tokens.Count];
            Case = new char[tokens.Count];
            Name = new char[tokens.Count];
            for (int k = 0; k < tokens.Count; k++)
            {
                var (s, l) = tokens[k];
                var span = text.AsSpan(s, l);
                Words[k] = span.ToString().ToLowerInvariant();
                Shapes[k] = Shape(span);
                Break[k] = k == 0 || text.AsSpan(tokens[k - 1].Start + tokens[k - 1].Length, s - tokens[k - 1].Start - tokens[k - 1].Length).Contains('\n');
                Case[k] = caseProfile.Class(Words[k]);
                Name[k] = names.Class(Words[k]);
            }
        }

        public List<(int Start, int Length)> Tokens { get; }

        public string[] Words { get; }

        public string[] Shapes { get; }

        public bool[] Break { get; }

        public char[] Case { get; }

        public char[] Name { get; }

        public char N(int k) => k < 0 || k >= Name.Length ? '-' : Name[k];

        public string W(int k) => k < 0 ? "<s>" : k >= Words.Length ? "</s>" : Words[k];

        public string S(int k) => k < 0 || k >= Shapes.Length ? "-" : Shapes[k];

        public char C(int k) => k < 0 || k >= Case.Length ? '-' : Case[k];

        public bool Starts(int k) => k <= 0 || Break[k] || Words[k - 1] is "." or "!" or "?" or "\"" or ":";
    }

    // the last features of a token are its surrounding words, which training sometimes leaves out: in template-generated
    // sets they predict every label, so without that the model would learn the sentences instead of what names look like
    private const int ContextFeatures = 5;

    /// <summary>
    /// The features of token <paramref name="i"/>: first the <paramref name="identity"/> ones that spell the word
    /// (the word, prefixes, suffixes, character trigrams), then what it looks like and where it stands, then the
    /// <see cref="ContextFeatures"/> surrounding words.
    /// </summary>
    private static int[] Features(TokenView v, int i, out int identity)
    {
        var list = new List<int>(40);
        var w = v.Words[i];
        var shape = v.Shapes[i];
        Add(list, "w=", w);
        Add(list, "p3=", w.Length > 3 ? w[..3] : w);
        Add(list, "x3=", w.Length > 3 ? w[^3..] : w);
        Add(list, "p2=", w.Length > 2 ? w[..2] : w);
        Add(list, "x2=", w.Length > 2 ? w[^2..] : w);
        Add(list, "x4=", w.Length > 4 ? w[^4..] : w);
        var padded = "^" + w + "$";
        for (int k = 0; k + 3 <= padded.Length; k++) Add(list, "c3=", padded.Substring(k, 3));
        identity = list.Count;
        Add(list, "s=", shape);
        Add(list, "len=", Math.Min(w.Length, 8).ToString(System.Globalization.CultureInfo.InvariantCulture));
        bool start = v.Starts(i);
        Add(list, "start=", (start ? "yes" : "no") + "|" + shape);
        Add(list, "s-1=", v.S(i - 1));
        Add(list, "s+1=", v.S(i + 1));
        Add(list, "s-1s=", v.S(i - 1) + "|" + shape);
        Add(list, "ss+1=", shape + "|" + v.S(i + 1));
        bool lineStart = v.Break[i];
        bool lineEnd = i + 1 >= v.Words.Length || v.Break[i + 1];
        Add(list, "line=", (lineStart ? "start" : "mid") + (lineEnd ? "end" : ""));
        int fromLineStart = 0;
        for (int k = i; k > 0 && !v.Break[k] && fromLineStart < 4; k--) fromLineStart++;
        Add(list, "linepos=", fromLineStart.ToString(System.Globalization.CultureInfo.InvariantCulture));
        char cap = shape.Length > 0 && shape[0] == 'X' ? (shape.Length > 1 && shape[1] == 'X' ? 'A' : 'X') : shape.Length > 0 ? shape[0] : '-';
        Add(list, "case=", $"{v.C(i)}|{cap}|{(start ? 's' : 'm')}");
        Add(list, "case-1=", $"{v.C(i - 1)}|{v.C(i)}|{cap}");
        Add(list, "case+1=", $"{v.C(i)}|{v.C(i + 1)}|{cap}");
        Add(list, "cases=", $"{v.C(i - 1)}{v.S(i - 1)}|{v.C(i)}{cap}|{v.C(i + 1)}{v.S(i + 1)}");
        Add(list, "name=", $"{v.N(i)}|{cap}");
        Add(list, "names=", $"{v.N(i - 1)}|{v.N(i)}|{v.N(i + 1)}");
        Add(list, "title=", Titled(v, i) ? "1" : "0");
        Add(list, "capnc=", $"{cap}|{(start ? 's' : 'm')}|{v.C(i)}|{v.N(i)}");
        Add(list, "bias", "");
        // the surrounding words last (see ContextFeatures)
        Add(list, "w-1=", v.W(i - 1));
        Add(list, "w+1=", v.W(i + 1));
        Add(list, "w-2=", v.W(i - 2));
        Add(list, "w+2=", v.W(i + 2));
        Add(list, "w-1w=", v.W(i - 1) + "|" + w);
        return list.ToArray();
    }

    private static readonly HashSet<string> Titles = new(TitleWords.Split('|'), StringComparer.Ordinal);

    /// <summary>A title stands right before the token, with or without its full stop ("Mr Young", "dr. Hurst").</summary>
    private static bool Titled(TokenView v, int i)
    {
        int k = i - 1;
        if (k >= 0 && v.Words[k] == ".") k--;
        return k >= 0 && Titles.Contains(v.Words[k]);
    }

    private static string Shape(ReadOnlySpan<char> token)
    {
        var sb = new StringBuilder(6);
        char last = '\0';
        int run = 0;
        foreach (var c in token)
        {
            char k = char.IsUpper(c) ? 'X' : char.IsLetter(c) ? 'x' : char.IsDigit(c) ? 'd' : c;
            run = k == last ? run + 1 : 1;
            last = k;
            if (run <= 2) sb.Append(k);
            if (sb.Length >= 8) break;
        }
        return sb.ToString();
    }

    private static void Add(List<int> list, string name, string value)
    {
        uint h = 2166136261u;
        foreach (var c in name) { h ^= c; h *= 16777619u; }
        foreach (var c in value) { h ^= c; h *= 16777619u; }
        list.Add((int)(h & 0x7FFFFFFF));
    }

    // the training settings of the shipped model; cross-validation trains with the same ones
    private const int DefaultBits = 17, DefaultEpochs = 6, DefaultSeed = 17;
    private const double DefaultLearningRate = 0.3, DefaultL2 = 1e-5;

    /// <summary>Share of training tokens seen without the surrounding words.</summary>
    private const double ContextDropout = 0.5;

    /// <summary>Share of training tokens seen without the features that spell the word (as if it were unknown).</summary>
    private const double WordDropout = 0.2;

    /// <summary>
    /// Trains on the records of <paramref name="paths"/> outside the held-out templates (deterministic for a seed):
    /// a token is positive for a type when it overlaps a labelled span of it (ADDRESS labels count as STREET_ADDRESS).
    /// <paramref name="corpora"/> (unlabelled text: plain or JSON lines with a "text" field) give each word's case
    /// profile — how often it is written capitalised mid-sentence — which tells names from words that are only
    /// capitalised at the start of a sentence or in a heading ("Phone:", "Kernel panic").
    /// </summary>
    public static PiiEntityModel Train(IEnumerable<string> paths, IEnumerable<string>? corpora = null, int bits = DefaultBits, int epochs = DefaultEpochs, double learningRate = DefaultLearningRate, double l2 = DefaultL2, int seed = DefaultSeed) =>
        Train(paths, corpora, r => r.IsHeldOut(HeldOutFraction), bits, epochs, learningRate, l2, seed);

    /// <summary>
    /// Cross-validation by template: <paramref name="folds"/> models, each trained with another 1/<paramref name="folds"/>
    /// of the templates held out (the first fold is the shipped split) and scored on those records of
    /// <paramref name="scored"/>; per-type counts summed over the folds, so every record is scored once, by a model
    /// that never saw its template. <paramref name="perFold"/>, when given, receives each fold's own scores, and
    /// <paramref name="errors"/> every fold's false positives and misses.
    /// </summary>
    public static IReadOnlyList<DetectionScore> CrossValidate(IReadOnlyList<string> paths, IEnumerable<string>? corpora, string scored, int folds = 5, Action<int, IReadOnlyList<DetectionScore>>? perFold = null, List<PiiEvaluationError>? errors = null)
    {
        if (folds is < 2 or > 20) throw new ArgumentOutOfRangeException(nameof(folds), "folds must be between 2 and 20");
        var corpusList = (corpora ?? []).ToList();
        var sums = new Dictionary<string, DetectionScore>();
        for (int f = 0; f < folds; f++)
        {
            double from = (double)f / folds, to = (double)(f + 1) / folds;
            bool HeldOut(PiiRecord r) => r.IsHeldOut(to) && !r.IsHeldOut(from);
            var model = Train(paths, corpusList, HeldOut);
            var scores = PiiEvaluation.Evaluate(scored, new PiiDetector(PiiEntityTypes.OptIn, model), errors, HeldOut);
            perFold?.Invoke(f, scores);
            foreach (var s in scores)
                sums[s.Type] = sums.TryGetValue(s.Type, out var t)
                    ? new DetectionScore(s.Type, t.TruePositives + s.TruePositives, t.FalsePositives + s.FalsePositives, t.FalseNegatives + s.FalseNegatives, (t.MatchedLabels ?? t.TruePositives) + (s.MatchedLabels ?? s.TruePositives))
                    : s;
        }
        return PiiEntityTypes.OptIn.Where(sums.ContainsKey).Select(t => sums[t]).ToList();
    }

    /// <summary>Trains with the shipped model's settings on the records <paramref name="heldOut"/> leaves in.</summary>
    internal static PiiEntityModel Train(IEnumerable<string> paths, IEnumerable<string>? corpora, Func<PiiRecord, bool> heldOut) =>
        Train(paths, corpora, heldOut, DefaultBits, DefaultEpochs, DefaultLearningRate, DefaultL2, DefaultSeed);

    private static PiiEntityModel Train(IEnumerable<string> paths, IEnumerable<string>? corpora, Func<PiiRecord, bool> heldOut, int bits, int epochs, double learningRate, double l2, int seed)
    {
        if (bits is < 10 or > 24) throw new ArgumentOutOfRangeException(nameof(bits), "bits must be between 10 and 24");
        var caseProfile = WordClasses.CaseProfile(corpora ?? [], TokenRegex());
        var records = paths.SelectMany(PiiRecord.ReadAll).Where(r => !heldOut(r)).ToList();
        // name lists: each record's features read the list counted on the other folds' records, so that the model
        // learns how far a listed name can be trusted on names it has not seen; the saved model keeps the full list
        var counts = records.Select(NameCounts).ToList();
        var folds = Enumerable.Range(0, NameListFolds).Select(f => WordClasses.NameList(Sum(counts.Where((_, k) => k % NameListFolds != f)))).ToArray();
        var names = WordClasses.NameList(Sum(counts));
        var rows = new List<(int[] Features, int Identity, bool[] Labels)>();
        for (int k = 0; k < records.Count; k++)
        {
            var record = records[k];
            var tokens = Tokens(record.Text);
            var view = new TokenView(record.Text, tokens, caseProfile, folds[k % NameListFolds]);
            for (int i = 0; i < tokens.Count; i++)
            {
                var (s, l) = tokens[i];
                var labels = Types.Select(t => record.Gold.Any(g => g.Type == t && g.Start < s + l && s < g.End)).ToArray();
                var features = Features(view, i, out int identity);
                rows.Add((features, identity, labels));
            }
        }
        int size = 1 << bits, mask = size - 1;
        var weights = Types.Select(_ => new float[size]).ToArray();
        var g2 = Types.Select(_ => new float[size]).ToArray();
        var bias = new float[Types.Length];
        var biasG2 = new double[Types.Length];
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var rng = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (var r in order)
            {
                var (all, identity, labels) = rows[r];
                int from = rng.NextDouble() < WordDropout ? identity : 0;
                int to = rng.NextDouble() < ContextDropout ? all.Length - ContextFeatures : all.Length;
                var features = all.AsSpan(from, to - from);
                for (int t = 0; t < Types.Length; t++)
                {
                    var w = weights[t];
                    double z = bias[t];
                    foreach (var f in features) z += w[f & mask];
                    double g = 1 / (1 + Math.Exp(-z)) - (labels[t] ? 1 : 0);
                    foreach (var f in features)
                    {
                        int j = f & mask;
                        double grad = g + l2 * w[j];
                        g2[t][j] += (float)(grad * grad);
                        w[j] -= (float)(learningRate * grad / (Math.Sqrt(g2[t][j]) + 1e-8));
                    }
                    biasG2[t] += g * g;
                    bias[t] -= (float)(learningRate * g / (Math.Sqrt(biasG2[t]) + 1e-8));
                }
            }
        }
        return new PiiEntityModel(bits, weights, bias, caseProfile, names);
    }

    private const int NameListFolds = 5;

    private static Dictionary<string, (int Name, int Seen)> NameCounts(PiiRecord record)
    {
        var counts = new Dictionary<string, (int Name, int Seen)>(StringComparer.Ordinal);
        foreach (var (s, l) in Tokens(record.Text))
        {
            if (!char.IsLetter(record.Text[s])) continue;
            var word = record.Text.Substring(s, l).ToLowerInvariant();
            bool name = record.Gold.Any(g => g.Type == PiiEntityTypes.Person && g.Start < s + l && s < g.End);
            var (n, seen) = counts.GetValueOrDefault(word);
            counts[word] = (n + (name ? 1 : 0), seen + 1);
        }
        return counts;
    }

    private static Dictionary<string, (int Name, int Seen)> Sum(IEnumerable<Dictionary<string, (int Name, int Seen)>> parts)
    {
        var total = new Dictionary<string, (int Name, int Seen)>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (word, (n, seen)) in part)
            {
                var (tn, ts) = total.GetValueOrDefault(word);
                total[word] = (tn + n, ts + seen);
            }
        return total;
    }

    /// <summary>Writes the model to <paramref name="path"/> (temp file + rename).</summary>
    public void Save(string path)
    {
        ModelFile.Save(path, w =>
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(_bits);
            w.Write(Types.Length);
            for (int t = 0; t < Types.Length; t++)
            {
                w.Write(_bias[t]);
                foreach (var x in _weights[t]) w.Write(x);
            }
            _case.Write(w);
            _names.Write(w);
        });
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static PiiEntityModel Load(string path) => ModelFile.Load(path, "PII entity model", "pipeline pii train", Read);

    private static PiiEntityModel LoadDefault() => ModelFile.LoadBuiltIn(DefaultResource, "PII entity model", Read);

    private static PiiEntityModel Read(Stream stream, string path)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (stream.Length < 16 || r.ReadInt32() != Magic) throw new InvalidDataException($"{path}: not a PII entity model (bad magic)");
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{path}: model version {version}, expected {Version}");
            int bits = r.ReadInt32();
            if (bits is < 10 or > 24) throw new InvalidDataException($"{path}: bad bucket bits {bits}");
            if (r.ReadInt32() != Types.Length) throw new InvalidDataException($"{path}: expected {Types.Length} entity types");
            if (stream.Length - stream.Position < Types.Length * (4L + 4L * (1L << bits)) + 8) throw new InvalidDataException($"{path}: truncated model ({stream.Length} bytes)");
            var bias = new float[Types.Length];
            var weights = new float[Types.Length][];
            for (int t = 0; t < Types.Length; t++)
            {
                bias[t] = r.ReadSingle();
                weights[t] = new float[1 << bits];
                for (int i = 0; i < weights[t].Length; i++) weights[t][i] = r.ReadSingle();
            }
            var caseProfile = WordClasses.Read(r, path);
            var names = WordClasses.Read(r, path);
            if (stream.Position != stream.Length) throw new InvalidDataException($"{path}: {stream.Length - stream.Position} bytes after the model");
            return new PiiEntityModel(bits, weights, bias, caseProfile, names);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: truncated model ({stream.Length} bytes)", ex);
        }
    }
}
