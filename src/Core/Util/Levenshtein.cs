namespace Pipeline.Core.Util;

/// <summary>Edit distance, for "did you mean" suggestions.</summary>
public static class Levenshtein
{
    /// <summary>Edit distance between two strings.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>The candidate nearest to <paramref name="value"/>, or null when nothing is close.</summary>
    public static string? Nearest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestD = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(value, c);
            if (c.Contains(value, StringComparison.Ordinal) || value.Contains(c, StringComparison.Ordinal)) d = Math.Min(d, Math.Abs(c.Length - value.Length) / 2);
            if (d < bestD) { bestD = d; best = c; }
        }
        return best is not null && bestD <= Math.Max(3, value.Length / 2) ? best : null;
    }
}
