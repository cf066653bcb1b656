using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Pipeline.Provenance;

/// <summary>
/// Recognises text that belongs to the documents being taken down: their ids, URLs and WARC record ids as written,
/// and any run of <see cref="Window"/> consecutive words of their text (case and punctuation ignored), so a cloze
/// prompt, a report excerpt or a cached copy is found even without an id.
/// </summary>
internal sealed class TakedownText
{
    /// <summary>Words per text window.</summary>
    public const int Window = 6;

    private readonly HashSet<ulong> _windows = [];
    private readonly List<string> _needles;
    private readonly HashSet<string> _ids;

    public TakedownText(IEnumerable<string> ids, IEnumerable<string> urls, IEnumerable<string> texts)
    {
        _ids = new HashSet<string>(ids, StringComparer.Ordinal);
        _needles = _ids.Concat(urls).Where(s => s.Length >= 8).Distinct(StringComparer.Ordinal).ToList();
        foreach (var t in texts)
        {
            var words = Words(t);
            for (int i = 0; i + Window <= words.Count; i++) _windows.Add(Hash(words, i));
        }
    }

    /// <summary>True when <paramref name="id"/> is the id of a removed document.</summary>
    public bool IsId(string id) => _ids.Contains(id);

    /// <summary>Number of distinct text windows known.</summary>
    public int Windows => _windows.Count;

    /// <summary>True when <paramref name="text"/> holds an id, URL or a text window of a removed document.</summary>
    public bool Matches(string text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var n in _needles)
            if (text.Contains(n, StringComparison.Ordinal)) return true;
        if (_windows.Count == 0) return false;
        var words = Words(text);
        for (int i = 0; i + Window <= words.Count; i++)
            if (_windows.Contains(Hash(words, i))) return true;
        return false;
    }

    /// <summary>Lower-cased runs of letters and digits.</summary>
    internal static List<string> Words(string text)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            else if (sb.Length > 0)
            {
                words.Add(sb.ToString());
                sb.Clear();
            }
        }
        if (sb.Length > 0) words.Add(sb.ToString());
        return words;
    }

    private static ulong Hash(List<string> words, int start)
    {
        var h = new XxHash64();
        for (int i = start; i < start + Window; i++)
        {
            h.Append(Encoding.UTF8.GetBytes(words[i]));
            h.Append(" "u8);
        }
        return h.GetCurrentHashAsUInt64();
    }
}
