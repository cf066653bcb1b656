namespace Pipeline.Filters.Toxicity;

/// <summary>A text with a binary label, for training and evaluation.</summary>
public readonly record struct LabelledText(string Text, bool Positive)
{
    /// <summary>
    /// The probability the classifier is trained towards: 1 or 0 by <see cref="Positive"/>, or, for a source read with
    /// soft labels, the label value itself (the fraction of annotators who said positive).
    /// </summary>
    public double Target { get; init; } = Positive ? 1 : 0;

    /// <summary>Reads labelled rows from a CSV: <paramref name="positiveLabels"/> give the positive class, other labels negative.</summary>
    public static List<LabelledText> ReadCsv(string path, string textColumn, string labelColumn, IReadOnlyCollection<string> positiveLabels) =>
        ReadCsv(path, textColumn, labelColumn, positiveLabels, ',', null);

    /// <summary>
    /// Reads labelled rows from a CSV with field <paramref name="delimiter"/>: a label is positive when it is one of
    /// <paramref name="positiveLabels"/> or, with <paramref name="positiveMin"/>, a number at least that (e.g. a
    /// fraction of annotators ≥ 0.5).
    /// </summary>
    public static List<LabelledText> ReadCsv(string path, string textColumn, string labelColumn, IReadOnlyCollection<string> positiveLabels, char delimiter, double? positiveMin) =>
        ReadCsv(path, textColumn, labelColumn, positiveLabels, delimiter, positiveMin, false);

    /// <summary>
    /// As above; with <paramref name="softLabels"/> (needs <paramref name="positiveMin"/>) each row's <see cref="Target"/>
    /// is its numeric label clipped to [0, 1], so a comment half the annotators called hateful pulls the model half as hard.
    /// </summary>
    public static List<LabelledText> ReadCsv(string path, string textColumn, string labelColumn, IReadOnlyCollection<string> positiveLabels, char delimiter, double? positiveMin, bool softLabels)
    {
        var rows = new List<LabelledText>();
        string[]? header = null;
        int t = -1, l = -1;
        long line = 0;
        foreach (var rec in Csv.Read(path, delimiter))
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
            var label = rec[l].Trim();
            bool positive = positiveLabels.Contains(label);
            if (!positive && positiveMin is double min)
            {
                if (!double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                    throw new InvalidDataException($"{path}: record {line}: label '{label}' is not a number (positive_min is set)");
                positive = v >= min;
                if (softLabels)
                {
                    rows.Add(new LabelledText(rec[t], positive) { Target = Math.Clamp(v, 0, 1) });
                    continue;
                }
            }
            rows.Add(new LabelledText(rec[t], positive));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no data rows");
        return rows;
    }

    /// <summary>Deterministic split: true when the row falls in the held-out fraction (FNV-1a 64 of the text's UTF-8 bytes).</summary>
    public static bool IsHeldOut(string text, double fraction) => fraction > 0 && (TextHash(text) % 10000) < (ulong)(fraction * 10000);

    /// <summary>FNV-1a 64 of the text's UTF-8 bytes (the held-out split uses it modulo 10,000; folds use the digits above).</summary>
    internal static ulong TextHash(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text)) { h ^= b; h *= 1099511628211UL; }
        return h;
    }
}
