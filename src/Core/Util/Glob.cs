using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Util;

/// <summary>File globbing with <c>*</c>, <c>?</c> and <c>**</c> (any number of folders).</summary>
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
