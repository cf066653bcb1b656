namespace Pipeline.Filters.Toxicity;

/// <summary>A text with a binary label, for training and evaluation.</summary>
public readonly record struct LabelledText(string Text, bool Positive)
{
    /// <summary>Reads labelled rows from a CSV: <paramref name="positiveLabels"/> give the positive class, other labels negative.</summary>
    public static List<LabelledText> ReadCsv(string path, string textColumn, string labelColumn, IReadOnlyCollection<string> positiveLabels)
    {
        var rows = new List<LabelledText>();
        string[]? header = null;
        int t = -1, l = -1;
        long line = 0;
        foreach (var rec in Csv.Read(path))
        {
            line++;
            if (header is null)
            {
                header = rec;
                t = Csv.Column(header, textColumn, path);
                l = Csv.Column(header, labelColumn, path);
                continue;
            }
            if (rec.Length == 1 && rec[0].Length == 0) continue;
            if (rec.Length <= Math.Max(t, l)) throw new InvalidDataException($"{path}: record {line} has {rec.Length} fields, expected at least {Math.Max(t, l) + 1}");
            rows.Add(new LabelledText(rec[t], positiveLabels.Contains(rec[l].Trim())));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no data rows");
        return rows;
    }

    /// <summary>Deterministic split: true when the row falls in the held-out fraction (FNV-1a 64 of the text's UTF-8 bytes).</summary>
    public static bool IsHeldOut(string text, double fraction)
    {
        if (fraction <= 0) return false;
        ulong h = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text)) { h ^= b; h *= 1099511628211UL; }
        return (h % 10000) < (ulong)(fraction * 10000);
    }
}
