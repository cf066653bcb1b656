using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Ingest.Licence;

/// <summary>
/// The licence a source step's options declare for its input files: one for all files (<c>licence</c>) and/or one per
/// path pattern (<c>licence_by_path</c>, glob → licence; the first pattern matching the end of the file's path wins,
/// <c>*</c> within a folder, <c>**</c> across folders). Names are normalised like page licences ("CC0 1.0" → CC0-1.0);
/// an unrecognised name is kept as written.
/// </summary>
internal sealed class DeclaredLicence
{
    private readonly string? _all;
    private readonly List<(Regex Pattern, string Glob, string Licence)> _byPath = [];
    private readonly string _stepOption;

    public DeclaredLicence(string? licence, IReadOnlyDictionary<string, string>? byPath)
    {
        _all = string.IsNullOrWhiteSpace(licence) ? null : licence.Trim();
        _stepOption = "licence";
        if (byPath is null) return;
        foreach (var (glob, value) in byPath)
            if (!string.IsNullOrWhiteSpace(value)) _byPath.Add((GlobRegex(glob), glob, value.Trim()));
    }

    /// <summary>True when nothing is declared.</summary>
    public bool IsEmpty => _all is null && _byPath.Count == 0;

    /// <summary>The declared (licence id, evidence) of <paramref name="file"/>, or null.</summary>
    public (string Id, string Evidence)? For(string file)
    {
        var path = file.Replace('\\', '/');
        foreach (var (pattern, glob, value) in _byPath)
            if (pattern.IsMatch(path)) return (Id(value), $"declared: licence_by_path {glob} = {value}");
        return _all is null ? null : (Id(_all), $"declared: {_stepOption} = {_all}");
    }

    /// <summary>The SPDX-style id of a licence name, or the name as written when not recognised.</summary>
    public static string Id(string value) => LicenceDetector.Normalise(value) ?? value.Trim();

    private static Regex GlobRegex(string glob)
    {
        var g = glob.Replace('\\', '/').TrimStart('.', '/');
        var sb = new StringBuilder("(^|/)");
        for (int i = 0; i < g.Length; i++)
        {
            char c = g[i];
            if (c == '*' && i + 1 < g.Length && g[i + 1] == '*')
            {
                sb.Append(".*");
                i++;
                if (i + 1 < g.Length && g[i + 1] == '/') i++;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }
}
