using System.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary>A small RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes).</summary>
public static class Csv
{
    /// <summary>Reads all records of <paramref name="path"/> (the first is the header).</summary>
    public static IEnumerable<string[]> Read(string path) => Read(path, ',');

    /// <summary>Reads all records of <paramref name="path"/> with another field <paramref name="delimiter"/> (e.g. ';').</summary>
    public static IEnumerable<string[]> Read(string path, char delimiter)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file '{path}' not found", path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case var d when d == delimiter: fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    yield return fields.ToArray();
                    fields.Clear(); any = false;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (any) { fields.Add(field.ToString()); yield return fields.ToArray(); }
    }

    /// <summary>Index of <paramref name="name"/> in the header (case-insensitive), or a clear error.</summary>
    public static int Column(string[] header, string name, string path)
    {
        for (int i = 0; i < header.Length; i++) if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new InvalidDataException($"{path}: no column '{name}' (columns: {string.Join(", ", header)})");
    }
}
