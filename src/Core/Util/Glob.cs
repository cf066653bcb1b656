using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Util;

/// <summary>File globbing with <c>*</c>, <c>?</c>, <c>**</c> (any number of folders) and brace alternatives
/// (<c>*.{warc,warc.gz}</c>, nested allowed).</summary>
public static class Glob
{
    /// <summary>True when <paramref name="pattern"/> has wildcard characters.</summary>
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Expands patterns relative to <paramref name="baseDirectory"/> into sorted distinct absolute file paths.</summary>
    public static IReadOnlyList<string> ExpandAll(string baseDirectory, IEnumerable<string> patterns)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in patterns) foreach (var f in Expand(baseDirectory, p)) set.Add(f);
        return set.ToList();
    }

    /// <summary>Expands one pattern; a plain path yields itself when the file exists, or every file under it when it is a folder.</summary>
    public static IEnumerable<string> Expand(string baseDirectory, string pattern)
    {
        var alternatives = ExpandBraces(pattern);
        if (alternatives.Count > 1)
            return alternatives.SelectMany(a => ExpandOne(baseDirectory, a)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ExpandOne(baseDirectory, pattern);
    }

    /// <summary>The patterns a brace expression stands for: <c>a.{x,y}</c> → <c>a.x</c>, <c>a.y</c> (the first brace group
    /// with a comma at its level, recursively); a pattern without one is returned as is.</summary>
    public static IReadOnlyList<string> ExpandBraces(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        for (int open = pattern.IndexOf('{', StringComparison.Ordinal); open >= 0; open = pattern.IndexOf('{', open + 1))
        {
            int depth = 0, close = -1;
            var commas = new List<int>();
            for (int i = open; i < pattern.Length && close < 0; i++)
            {
                if (pattern[i] == '{') depth++;
                else if (pattern[i] == '}' && --depth == 0) close = i;
                else if (pattern[i] == ',' && depth == 1) commas.Add(i);
            }
            if (close < 0) break;
            if (commas.Count == 0) continue;
            string head = pattern[..open], tail = pattern[(close + 1)..];
            var cuts = new List<int> { open };
            cuts.AddRange(commas);
            cuts.Add(close);
            var result = new List<string>();
            for (int k = 0; k + 1 < cuts.Count; k++)
                result.AddRange(ExpandBraces(head + pattern[(cuts[k] + 1)..cuts[k + 1]] + tail));
            return result;
        }
        return [pattern];
    }

    private static IEnumerable<string> ExpandOne(string baseDirectory, string pattern)
    {
        var full = PathUtil.Resolve(baseDirectory, pattern);
        if (!HasWildcards(full))
        {
            if (File.Exists(full)) return [full];
            if (Directory.Exists(full)) return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(f => !AtomicFile.IsTemporaryPath(f)).Order(StringComparer.Ordinal).ToList();
            return [];
        }
        var parts = full.Split('/');
        int firstWild = Array.FindIndex(parts, HasWildcards);
        var root = string.Join('/', parts[..firstWild]);
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return [];
        var regex = ToRegex(string.Join('/', parts[firstWild..]));
        bool recursive = parts[firstWild..].Any(p => p == "**") || parts.Length - firstWild > 1;
        var files = Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly);
        return files
            .Where(f => !AtomicFile.IsTemporaryPath(f) && regex.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Regex ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }
}
