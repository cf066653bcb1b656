using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Documents;

namespace Pipeline.Filters.Pii;

/// <summary>
/// Finds PII in every string of a document — its text, its URL and each string of its metadata (lists too; nested
/// objects are kept as JSON text and scanned as such) — and builds the redacted (or hashed) copy. Counts are per
/// entity type over all of them.
/// </summary>
internal sealed class PiiRedactor(PiiDetector detector, bool hash, byte[] salt)
{
    /// <summary>What <see cref="Scan"/> found.</summary>
    public sealed class Result
    {
        public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);
        public List<string> Fields { get; } = [];
        public int Total { get; set; }
        public List<PiiMatch> TextMatches { get; set; } = [];
        public string? Url { get; set; }
        public Meta? Meta { get; set; }
    }

    /// <summary>Scans text, URL and metadata; <see cref="Result.Url"/>/<see cref="Result.Meta"/> are the redacted values when they held PII.</summary>
    public Result Scan(Document document)
    {
        var r = new Result { TextMatches = detector.Detect(document.Text) };
        Add(r, r.TextMatches, null);
        if (document.Source.Url is { Length: > 0 } url && RedactString(url, r, "url") is { } u) r.Url = u;
        List<KeyValuePair<string, object>>? changed = null;
        foreach (var kv in document.Meta)
        {
            object? replaced = kv.Value switch
            {
                string s => RedactString(s, r, "metadata." + kv.Key),
                IEnumerable<string> list => RedactList(list, r, "metadata." + kv.Key),
                _ => null,
            };
            if (replaced is not null) (changed ??= []).Add(new(kv.Key, replaced));
        }
        if (changed is not null) r.Meta = document.Meta.SetMany(changed);
        return r;
    }

    /// <summary>The document with every PII value replaced: the text (from the matches), the URL and metadata.</summary>
    public Document Redact(Document document, Result found, Meta meta)
    {
        var text = found.TextMatches.Count == 0 ? document.Text : Replace(document.Text, found.TextMatches);
        var source = found.Url is null ? document.Source : document.Source with { Url = found.Url };
        if (found.Meta is not null)
            foreach (var kv in found.Meta)
                if (!meta.TryGetValue(kv.Key, out var v) || !ReferenceEquals(v, kv.Value)) meta = meta.Set(kv.Key, kv.Value);
        return document with { Text = text, Source = source, Meta = meta };
    }

    private string? RedactString(string s, Result r, string field)
    {
        if (s.Length == 0) return null;
        var m = detector.Detect(s);
        if (m.Count == 0) return null;
        Add(r, m, field);
        return Replace(s, m);
    }

    private ImmutableArray<string>? RedactList(IEnumerable<string> list, Result r, string field)
    {
        var items = list.ToArray();
        bool any = false;
        for (int i = 0; i < items.Length; i++)
            if (RedactString(items[i], r, field) is { } red)
            {
                items[i] = red;
                any = true;
            }
        return any ? items.ToImmutableArray() : null;
    }

    private static void Add(Result r, List<PiiMatch> matches, string? field)
    {
        foreach (var m in matches) r.Counts[m.Type] = r.Counts.GetValueOrDefault(m.Type) + 1;
        r.Total += matches.Count;
        if (field is not null && matches.Count > 0 && !r.Fields.Contains(field)) r.Fields.Add(field);
    }

    private string Replace(string text, List<PiiMatch> matches)
    {
        var sb = new StringBuilder(text.Length);
        int pos = 0;
        foreach (var m in matches)
        {
            if (m.Start < pos) continue;
            sb.Append(text, pos, m.Start - pos);
            sb.Append('<').Append(m.Type);
            if (hash) sb.Append(':').Append(Hash(text.AsSpan(m.Start, m.Length)));
            sb.Append('>');
            pos = m.End;
        }
        sb.Append(text, pos, text.Length - pos);
        return sb.ToString();
    }

    private string Hash(ReadOnlySpan<char> value)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetMaxByteCount(value.Length)];
        salt.CopyTo(bytes, 0);
        int n = Encoding.UTF8.GetBytes(value, bytes.AsSpan(salt.Length));
        var digest = SHA256.HashData(bytes.AsSpan(0, salt.Length + n));
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }
}
