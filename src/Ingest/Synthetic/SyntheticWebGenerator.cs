using System.Collections.Immutable;
using Pipeline.Core.Documents;

namespace Pipeline.Ingest.Synthetic;

/// <summary>
/// Deterministic generator of web-like documents. Document <c>i</c> depends only on (seed, i) and the options:
/// each document draws from its own random stream, so output is the same for any batching, task split or
/// parallelism. Duplicates copy an earlier original (found by index), so the original always comes first.
/// Metadata: <c>domain</c>, <c>synthetic_kind</c>, <c>synthetic_cluster</c> (shared by an original and its
/// copies), <c>near_dup_edit_rate</c> for near-duplicates, and ground truth for planted content:
/// <c>synthetic_pii</c> (type → count), <c>synthetic_licence</c> (SPDX id), <c>synthetic_offensive</c> (count),
/// <c>synthetic_opt_out</c> (html only).
/// </summary>
public sealed class SyntheticWebGenerator
{
    private const int DuplicateWindow = 5000;
    private static readonly string[] KindNames = ["original", "exact_duplicate", "near_duplicate", "boilerplate", "low_quality"];
    private static readonly DateTimeOffset EpochStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Spdx, string Text, string Url)[] Licences =
    [
        ("CC-BY-4.0", "This article is licensed under CC BY 4.0.", "https://creativecommons.org/licenses/by/4.0/"),
        ("CC-BY-SA-4.0", "Text is available under the Creative Commons Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0).", "https://creativecommons.org/licenses/by-sa/4.0/"),
        ("CC-BY-NC-4.0", "Licensed under CC BY-NC 4.0: share and adapt for non-commercial use with attribution.", "https://creativecommons.org/licenses/by-nc/4.0/"),
        ("CC-BY-NC-ND-4.0", "Licensed under CC BY-NC-ND 4.0.", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
        ("CC0-1.0", "The author dedicates this text to the public domain under CC0 1.0.", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ];

    private readonly SyntheticTextPool _pool;
    private readonly string[] _domains;
    private readonly string[] _hosts;
    private readonly string[] _siteNames;
    private readonly Meta?[] _baseMeta;
    private readonly double _tExact, _tNear, _tBoiler, _tLow;
    private readonly bool _html;
    private readonly byte[] _idPrefix;

    /// <summary>Creates a generator for <paramref name="options"/> (count is not used by <see cref="Generate"/>).</summary>
    public SyntheticWebGenerator(SyntheticWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems.Select(p => p.Message)), nameof(options));
        Options = options;
        _pool = SyntheticTextPool.Instance;
        _html = options.Format == "html";
        _tExact = options.ExactDuplicateRate;
        _tNear = _tExact + options.NearDuplicateRate;
        _tBoiler = _tNear + options.BoilerplateRate;
        _tLow = _tBoiler + options.LowQualityRate;
        SourceName = $"synthetic://web/seed-{options.Seed}";
        _idPrefix = System.Text.Encoding.UTF8.GetBytes(SourceName + "#");
        (_domains, _hosts, _siteNames) = MakeDomains(options.Domains);
        _baseMeta = new Meta?[options.Domains * KindNames.Length];
    }

    /// <summary>The options.</summary>
    public SyntheticWebOptions Options { get; }

    /// <summary>The source file name used in <see cref="SourceRef"/> and ids.</summary>
    public string SourceName { get; }

    /// <summary>The registrable domains pages come from.</summary>
    public IReadOnlyList<string> DomainNames => _domains;

    /// <summary>The document at <paramref name="index"/> (0-based).</summary>
    public Document Generate(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var r = SyntheticRng.For(Options.Seed, index, 0);
        var kind = KindOf(r.NextDouble());
        long source = index;
        if (kind is SyntheticKind.ExactDuplicate or SyntheticKind.NearDuplicate)
        {
            source = FindOriginal(index, ref r);
            if (source < 0)
            {
                kind = SyntheticKind.Original;
                source = index;
            }
        }
        double u = r.NextDouble();
        int domain = (int)(u * u * _domains.Length);
        var fetch = EpochStart.AddSeconds(r.NextInt(366 * 86400));
        bool optOut = _html && r.NextDouble() < Options.OptOutRate;
        int section = r.NextInt(SyntheticWords.Sections.Length);

        var flags = new ContentFlags { Licence = -1 };
        string body;
        double editRate = 0;
        switch (kind)
        {
            case SyntheticKind.Boilerplate:
                body = BuildBoilerplate(ref r, domain, out flags.Title);
                break;
            case SyntheticKind.LowQuality:
                body = BuildLowQuality(ref r, out flags.Title);
                break;
            case SyntheticKind.NearDuplicate:
                body = BuildArticle(source, ref flags);
                double rate = Options.NearDuplicateEditMin + r.NextDouble() * (Options.NearDuplicateEditMax - Options.NearDuplicateEditMin);
                body = Edit(body, rate, ref r, out editRate);
                break;
            default:
                body = BuildArticle(source, ref flags);
                break;
        }

        var url = MakeUrl(domain, section, flags.Title, index);
        string text = _html ? RenderHtml(ref r, domain, kind, body, flags, optOut) : body;

        var meta = BaseMeta(domain, kind);
        meta = meta.Set("synthetic_cluster", ClusterId(kind is SyntheticKind.Boilerplate or SyntheticKind.LowQuality ? index : source));
        if (kind == SyntheticKind.NearDuplicate) meta = meta.Set("near_dup_edit_rate", editRate);
        if (flags.Pii is not null) meta = meta.Set("synthetic_pii", flags.Pii);
        if (flags.Licence >= 0) meta = meta.Set("synthetic_licence", Licences[flags.Licence].Spdx);
        if (flags.Offensive > 0) meta = meta.Set("synthetic_offensive", (long)flags.Offensive);
        if (optOut) meta = meta.Set("synthetic_opt_out", true);

        var src = new SourceRef(SourceName, index, url, fetch, _html ? "text/html" : "text/plain", null, "row");
        return new Document(MakeId(index), text, src, meta);
    }

    /// <summary>Fills <paramref name="destination"/> with documents <paramref name="start"/>, start+1, ...</summary>
    public void GenerateRange(long start, Span<Document> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Generate(start + i);
    }

    /// <summary>Same value as <c>DocumentId.For(SourceName, index)</c>, without the intermediate strings.</summary>
    private string MakeId(long index)
    {
        Span<byte> buf = stackalloc byte[_idPrefix.Length + 20];
        _idPrefix.CopyTo(buf);
        index.TryFormat(buf[_idPrefix.Length..], out int w, default, System.Globalization.CultureInfo.InvariantCulture);
        ulong h = System.IO.Hashing.XxHash64.HashToUInt64(buf[..(_idPrefix.Length + w)]);
        return string.Create(16, h, static (span, v) =>
        {
            // lower-case hex, 16 digits: the same text as v.ToString("x16"), without parsing a format string per call
            for (int i = 15; i >= 0; i--, v >>= 4) span[i] = "0123456789abcdef"[(int)(v & 0xF)];
        });
    }

    private static string ClusterId(long index) => string.Create(null, stackalloc char[24], $"c{index}");

    private SyntheticKind KindOf(double u) =>
        u < _tExact ? SyntheticKind.ExactDuplicate
        : u < _tNear ? SyntheticKind.NearDuplicate
        : u < _tBoiler ? SyntheticKind.Boilerplate
        : u < _tLow ? SyntheticKind.LowQuality
        : SyntheticKind.Original;

    private long FindOriginal(long index, ref SyntheticRng r)
    {
        if (index == 0) return -1;
        long window = Math.Min(index, DuplicateWindow);
        for (int t = 0; t < 32; t++)
        {
            long j = index - 1 - r.NextLong(window);
            var rj = SyntheticRng.For(Options.Seed, j, 0);
            if (KindOf(rj.NextDouble()) == SyntheticKind.Original) return j;
        }
        return -1;
    }

    private Meta BaseMeta(int domain, SyntheticKind kind)
    {
        int slot = domain * KindNames.Length + (int)kind;
        var m = _baseMeta[slot];
        if (m is null)
        {
            m = Meta.Empty.Set("domain", _domains[domain]).Set("synthetic_kind", KindNames[(int)kind]);
            _baseMeta[slot] = m;
        }
        return m;
    }

    private struct ContentFlags
    {
        public int Title;
        public int Licence;
        public int Offensive;
        public Dictionary<string, long>? Pii;
    }

    private string BuildArticle(long source, ref ContentFlags flags)
    {
        var cr = SyntheticRng.For(Options.Seed, source, 1);
        int words = Options.MinWords + cr.NextInt(Options.MaxWords - Options.MinWords + 1);
        flags.Title = cr.NextInt(SyntheticTextPool.TitleCount);
        flags.Licence = cr.NextDouble() < Options.LicenceRate ? cr.NextInt(Licences.Length) : -1;
        bool pii = cr.NextDouble() < Options.PiiRate;
        bool offensive = cr.NextDouble() < Options.OffensiveRate;
        int expectedSentences = Math.Max(1, words / 9);
        string? special1 = null, special2 = null;
        int at1 = -1, at2 = -1;
        if (pii)
        {
            flags.Pii = new Dictionary<string, long>(StringComparer.Ordinal);
            special1 = SyntheticPii.Sentence(ref cr, flags.Pii);
            if (cr.NextInt(3) == 0) special1 += " " + SyntheticPii.Sentence(ref cr, flags.Pii);
            at1 = 1 + cr.NextInt(expectedSentences);
        }
        if (offensive)
        {
            special2 = SyntheticTextPool.ExpandSpecial(cr.Pick(SyntheticWords.OffensiveTemplates), ref cr);
            flags.Offensive = 1;
            at2 = 1 + cr.NextInt(expectedSentences);
        }

        var buf = SyntheticCharBuffer.Main.Clear();
        int count = 0, sentence = 0, paraLeft = 2 + cr.NextInt(4);
        while (count < words)
        {
            if (sentence > 0)
            {
                if (paraLeft == 0)
                {
                    buf.Append("\n\n");
                    paraLeft = 2 + cr.NextInt(4);
                }
                else buf.Append(' ');
            }
            int s = cr.NextInt(SyntheticTextPool.SentenceCount);
            buf.Append(_pool.Sentence(s, out int w));
            count += w;
            sentence++;
            paraLeft--;
            if (sentence == at1) { buf.Append(' ').Append(special1!); special1 = null; }
            if (sentence == at2) { buf.Append(' ').Append(special2!); special2 = null; }
        }
        if (special1 is not null) buf.Append(' ').Append(special1);
        if (special2 is not null) buf.Append(' ').Append(special2);
        if (flags.Licence >= 0) buf.Append("\n\n").Append(Licences[flags.Licence].Text);
        return buf.ToString();
    }

    private string BuildBoilerplate(ref SyntheticRng r, int domain, out int title)
    {
        title = r.NextInt(SyntheticTextPool.TitleCount);
        var buf = SyntheticCharBuffer.Main.Clear();
        int head = 6 + r.NextInt(8);
        for (int i = 0; i < head; i++) buf.Append(r.Pick(SyntheticWords.BoilerplateLines)).Append('\n');
        buf.Append(_pool.Sentence(r.NextInt(SyntheticTextPool.SentenceCount)));
        if (r.NextInt(2) == 0) buf.Append(' ').Append(_pool.Sentence(r.NextInt(SyntheticTextPool.SentenceCount)));
        buf.Append('\n');
        int tail = 6 + r.NextInt(8);
        for (int i = 0; i < tail; i++) buf.Append(r.Pick(SyntheticWords.BoilerplateLines)).Append('\n');
        buf.Append("© 2024 ").Append(_siteNames[domain]).Append(". All rights reserved.");
        return buf.ToString();
    }

    private static string BuildLowQuality(ref SyntheticRng r, out int title)
    {
        title = r.NextInt(SyntheticTextPool.TitleCount);
        var buf = SyntheticCharBuffer.Main.Clear();
        Span<int> starts = stackalloc int[3];
        Span<int> lengths = stackalloc int[3];
        var aux = SyntheticCharBuffer.Aux.Clear();
        for (int k = 0; k < 3; k++)
        {
            starts[k] = aux.Length;
            int n = 4 + r.NextInt(6);
            bool caps = r.NextInt(3) == 0;
            for (int w = 0; w < n; w++)
            {
                if (w > 0) aux.Append(' ');
                var word = r.Pick(SyntheticWords.SpamWords);
                if (caps) foreach (var c in word) aux.Append(char.ToUpperInvariant(c));
                else aux.Append(word);
                if (r.NextInt(3) == 0) aux.Append(' ').Append(r.Pick(SyntheticWords.SpamSymbols));
            }
            aux.Append(' ').Append(r.Pick(SyntheticWords.SpamSymbols));
            lengths[k] = aux.Length - starts[k];
        }
        int lines = 8 + r.NextInt(13);
        var all = aux.Span;
        for (int i = 0; i < lines; i++)
        {
            if (i > 0) buf.Append('\n');
            int k = r.NextInt(3);
            buf.Append(all.Slice(starts[k], lengths[k]));
        }
        return buf.ToString();
    }

    [ThreadStatic]
    private static List<EditToken>? t_editTokens;

    /// <summary>A word of a near-duplicate: a slice of the original body, or a new string.</summary>
    private readonly record struct EditToken(string Source, int Start, int Length)
    {
        public static EditToken Of(string s) => new(s, 0, s.Length);

        public ReadOnlySpan<char> Span => Source.AsSpan(Start, Length);
    }

    /// <summary>
    /// Inserts, deletes and replaces space-separated words. Words are slices of <paramref name="body"/> (no
    /// per-word strings) and the result is joined in the thread's char buffer: the same text as splitting on ' ',
    /// editing the list and joining it again.
    /// </summary>
    private static string Edit(string body, double rate, ref SyntheticRng r, out double applied)
    {
        var tokens = t_editTokens ??= new List<EditToken>(256);
        tokens.Clear();
        for (int from = 0; ;)
        {
            int sp = body.IndexOf(' ', from);
            if (sp < 0)
            {
                tokens.Add(new EditToken(body, from, body.Length - from));
                break;
            }
            tokens.Add(new EditToken(body, from, sp - from));
            from = sp + 1;
        }
        int n = tokens.Count;
        int edits = Math.Max(1, (int)Math.Round(rate * n));
        for (int e = 0; e < edits; e++)
        {
            int op = r.NextInt(3);
            int pos = r.NextInt(tokens.Count);
            var t = tokens[pos].Span;
            bool plain = t.Length > 0 && char.IsAsciiLetterLower(t[^1]) && !t.Contains('\n');
            if (op == 1 || !plain && op == 2)
            {
                tokens.Insert(pos, EditToken.Of(r.Pick(SyntheticWords.EditWords)));
            }
            else if (op == 2 && tokens.Count > 1)
            {
                tokens.RemoveAt(pos);
            }
            else
            {
                // replace: keep trailing punctuation and paragraph breaks around the word
                int nl = t.IndexOf('\n');
                var tail = nl >= 0 ? t[nl..] : [];
                var head = nl >= 0 ? t[..nl] : t;
                int end = head.Length;
                while (end > 0 && !char.IsAsciiLetterOrDigit(head[end - 1])) end--;
                var punct = head[end..];
                string word = r.Pick(SyntheticWords.EditWords);
                bool capital = end > 0 && char.IsUpper(head[0]);
                Span<char> first = [capital ? char.ToUpperInvariant(word[0]) : word[0]];
                var replaced = nl == 0
                    ? string.Concat(first, word.AsSpan(1), " ", t)
                    : string.Concat(first, word.AsSpan(1), punct, tail);
                tokens[pos] = EditToken.Of(replaced);
            }
        }
        var buf = Join(tokens);
        if (buf.Span.SequenceEqual(body))
        {
            // a replacement drew the same word: insert one more so a near-duplicate always differs
            tokens.Insert(r.NextInt(tokens.Count), EditToken.Of("indeed"));
            edits++;
            buf = Join(tokens);
        }
        applied = (double)edits / n;
        return buf.ToString();

        static SyntheticCharBuffer Join(List<EditToken> tokens)
        {
            var b = SyntheticCharBuffer.Main.Clear();
            for (int i = 0; i < tokens.Count; i++)
            {
                if (i > 0) b.Append(' ');
                b.Append(tokens[i].Span);
            }
            return b;
        }
    }

    private string MakeUrl(int domain, int section, int title, long index)
    {
        var buf = SyntheticCharBuffer.Aux.Clear();
        buf.Append("https://").Append(_hosts[domain]).Append('/').Append(SyntheticWords.Sections[section]).Append('/')
            .Append(_pool.Slugs[title]).Append('-').Append(index);
        return buf.ToString();
    }

    private string RenderHtml(ref SyntheticRng r, int domain, SyntheticKind kind, string body, ContentFlags flags, bool optOut)
    {
        var site = _siteNames[domain];
        var title = _pool.Titles[flags.Title];
        bool articleTag = (domain & 1) == 0;
        var b = SyntheticCharBuffer.Main.Clear();
        b.Append("<!DOCTYPE html>\n<html lang=\"").Append((domain % 3) == 0 ? "en-US" : "en").Append("\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.Append("<title>").AppendHtml(title).Append(" | ").AppendHtml(site).Append("</title>\n");
        b.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.Append("<meta name=\"description\" content=\"").AppendHtml(title).Append("\">\n");
        if (optOut)
        {
            b.Append("<meta name=\"robots\" content=\"noai, noimageai\">\n");
            if (r.NextInt(2) == 0) b.Append("<meta name=\"tdm-reservation\" content=\"1\">\n");
        }
        if (flags.Licence >= 0)
        {
            b.Append("<link rel=\"license\" href=\"").Append(Licences[flags.Licence].Url).Append("\">\n");
            b.Append("<meta name=\"license\" content=\"").Append(Licences[flags.Licence].Url).Append("\">\n");
        }
        b.Append("<link rel=\"stylesheet\" href=\"/static/site.css\">\n");
        b.Append("<style>body{font-family:Georgia,serif;margin:0}.nav a{margin:0 6px}.cookie-banner{position:fixed;bottom:0}</style>\n");
        b.Append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>\n");
        b.Append("</head>\n<body>\n");
        b.Append("<div id=\"cookie-banner\" class=\"cookie-banner\">We use cookies to improve your experience. <button type=\"button\">Accept all</button> <a href=\"/privacy\">Privacy policy</a></div>\n");
        b.Append("<header class=\"site-header\">\n<a class=\"logo\" href=\"/\">").AppendHtml(site).Append("</a>\n<nav class=\"nav main-nav\">\n<ul>");
        int navItems = kind == SyntheticKind.Boilerplate ? 14 : 6;
        for (int i = 0; i < navItems; i++)
        {
            var sec = SyntheticWords.Sections[(i + domain) % SyntheticWords.Sections.Length];
            b.Append("<li><a href=\"/").Append(sec).Append("/\">").Append(char.ToUpperInvariant(sec[0])).Append(sec.AsSpan(1)).Append("</a></li>");
        }
        b.Append("</ul>\n</nav>\n</header>\n<main>\n");
        b.Append(articleTag ? "<article class=\"post\">\n" : "<div class=\"post-content entry\">\n");
        b.Append("<h1>").AppendHtml(title).Append("</h1>\n");
        b.Append("<p class=\"byline\">By ").Append(r.Pick(SyntheticWords.Names)).Append(' ').Append(r.Pick(SyntheticWords.Surnames)).Append("</p>\n");
        var rest = body.AsSpan();
        string sep = kind is SyntheticKind.Original or SyntheticKind.ExactDuplicate or SyntheticKind.NearDuplicate ? "\n\n" : "\n";
        while (rest.Length > 0)
        {
            int k = rest.IndexOf(sep);
            var para = k < 0 ? rest : rest[..k];
            b.Append("<p>").AppendHtml(para).Append("</p>\n");
            rest = k < 0 ? default : rest[(k + sep.Length)..];
        }
        if (flags.Licence >= 0)
            b.Append("<p class=\"license\"><a rel=\"license\" href=\"").Append(Licences[flags.Licence].Url).Append("\">").Append(Licences[flags.Licence].Spdx).Append("</a></p>\n");
        b.Append(articleTag ? "</article>\n" : "</div>\n");
        b.Append("<aside class=\"sidebar\">\n<h3>Related posts</h3>\n<ul>");
        int related = kind == SyntheticKind.Boilerplate ? 12 : 4;
        for (int i = 0; i < related; i++)
        {
            int t = r.NextInt(SyntheticTextPool.TitleCount);
            b.Append("<li><a href=\"/").Append(_pool.Slugs[t]).Append("\">").AppendHtml(_pool.Titles[t]).Append("</a></li>");
        }
        b.Append("</ul>\n</aside>\n");
        int comments = r.NextInt(4);
        if (comments > 0)
        {
            b.Append("<section class=\"comments\" id=\"comments\">\n<h3>").Append(comments).Append(" comments</h3>\n");
            for (int i = 0; i < comments; i++)
                b.Append("<div class=\"comment\"><p class=\"comment-author\">").Append(r.Pick(SyntheticWords.Names)).Append("</p><p>")
                    .AppendHtml(r.Pick(SyntheticWords.CommentTexts)).Append("</p></div>\n");
            b.Append("</section>\n");
        }
        b.Append("</main>\n<footer class=\"site-footer\">\n<p>© 2024 ").AppendHtml(site).Append(". All rights reserved.</p>\n");
        b.Append("<nav class=\"footer-nav\"><a href=\"/about\">About</a> <a href=\"/contact\">Contact</a> <a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></nav>\n</footer>\n");
        b.Append("<script src=\"/static/app.js\" defer></script>\n</body>\n</html>\n");
        return b.ToString();
    }

    private static (string[] Domains, string[] Hosts, string[] Sites) MakeDomains(int count)
    {
        var domains = new string[count];
        var hosts = new string[count];
        var sites = new string[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var r = SyntheticRng.For(0x0D0_A1, i, 7);
            string a = r.Pick(SyntheticWords.Syllables), b = r.Pick(SyntheticWords.Syllables);
            string suffix = r.NextInt(2) == 0 ? r.Pick(SyntheticWords.SiteSuffixes) : "";
            string stem = a + b + suffix;
            string tld = r.Pick(SyntheticWords.Tlds);
            string name = stem + "." + tld;
            for (int k = 2; !seen.Add(name); k++) name = stem + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + tld;
            domains[i] = name;
            hosts[i] = (i % 3) switch { 0 => "www." + name, 1 => name, _ => "blog." + name };
            var site = char.ToUpperInvariant(a[0]) + a[1..] + char.ToUpperInvariant(b[0]) + b[1..];
            sites[i] = suffix.Length > 0 ? site + " " + char.ToUpperInvariant(suffix[0]) + suffix[1..] : site;
        }
        return (domains, hosts, sites);
    }

    /// <summary>All kinds' metadata names, in order.</summary>
    internal static ImmutableArray<string> Kinds => [.. KindNames];
}
