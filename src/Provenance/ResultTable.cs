using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Pipeline.Provenance;

/// <summary>Rows of a query result with column names; prints as an aligned table, CSV or JSON.</summary>
public sealed class ResultTable
{
    /// <summary>Creates a table.</summary>
    public ResultTable(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows; values are CLR values (null for SQL NULL).</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Reads everything from <paramref name="reader"/>.</summary>
    public static ResultTable Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cols = new string[reader.FieldCount];
        for (int i = 0; i < cols.Length; i++) cols[i] = reader.GetName(i);
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[cols.Length];
            for (int i = 0; i < cols.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return new ResultTable(cols, rows);
    }

    /// <summary>Index of column <paramref name="name"/>.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++) if (Columns[i] == name) return i;
        throw new KeyNotFoundException($"no column '{name}'");
    }

    /// <summary>Value of column <paramref name="name"/> in row <paramref name="row"/>.</summary>
    public object? Get(int row, string name) => Rows[row][IndexOf(name)];

    /// <summary>Writes in <paramref name="format"/>: "table", "csv" or "json".</summary>
    public void Write(TextWriter w, string format)
    {
        ArgumentNullException.ThrowIfNull(w);
        switch (format)
        {
            case "csv": WriteCsv(w); break;
            case "json": WriteJson(w); break;
            default: WriteTable(w); break;
        }
    }

    /// <summary>Aligned columns with a header rule and a row count.</summary>
    public void WriteTable(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var cells = Rows.Select(r => r.Select(v => Text(v, 80)).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        bool[] right = Columns.Select((_, i) => Rows.Count > 0 && Rows.All(r => r[i] is null || IsNumber(r[i]!))).ToArray();
        string Line(IReadOnlyList<string> values) =>
            string.Join("  ", values.Select((v, i) => right[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd();
        w.WriteLine(Line(Columns));
        w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var r in cells) w.WriteLine(Line(r));
        w.WriteLine($"({Rows.Count} row{(Rows.Count == 1 ? "" : "s")})");
    }

    /// <summary>RFC 4180 CSV with a header line.</summary>
    public void WriteCsv(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine(string.Join(",", Columns.Select(Csv)));
        foreach (var r in Rows) w.WriteLine(string.Join(",", r.Select(v => v is null ? "" : Csv(Text(v, int.MaxValue)))));
    }

    /// <summary>A JSON array of objects, one per row.</summary>
    public void WriteJson(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        using var ms = new MemoryStream();
        using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartArray();
            foreach (var r in Rows)
            {
                j.WriteStartObject();
                for (int i = 0; i < Columns.Count; i++)
                {
                    j.WritePropertyName(Columns[i]);
                    WriteJsonValue(j, r[i]);
                }
                j.WriteEndObject();
            }
            j.WriteEndArray();
        }
        w.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static void WriteJsonValue(Utf8JsonWriter j, object? v)
    {
        switch (v)
        {
            case null: j.WriteNullValue(); break;
            case bool b: j.WriteBooleanValue(b); break;
            case string s: j.WriteStringValue(s); break;
            case sbyte or byte or short or ushort or int or uint or long: j.WriteNumberValue(Convert.ToInt64(v, CultureInfo.InvariantCulture)); break;
            case ulong ul: j.WriteNumberValue(ul); break;
            case float or double:
                var d = Convert.ToDouble(v, CultureInfo.InvariantCulture);
                if (double.IsFinite(d)) j.WriteNumberValue(d); else j.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal m: j.WriteNumberValue(m); break;
            case BigInteger bi: j.WriteRawValue(bi.ToString(CultureInfo.InvariantCulture)); break;
            case IDictionary dict:
                j.WriteStartObject();
                foreach (DictionaryEntry e in dict)
                {
                    j.WritePropertyName(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteJsonValue(j, e.Value);
                }
                j.WriteEndObject();
                break;
            case IEnumerable list when v is not byte[]:
                j.WriteStartArray();
                foreach (var x in list) WriteJsonValue(j, x);
                j.WriteEndArray();
                break;
            default: j.WriteStringValue(Text(v, int.MaxValue)); break;
        }
    }

    private static bool IsNumber(object v) => v is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or BigInteger;

    /// <summary>Display text of a value (lists as [a, b], times in ISO 8601 UTC), cut to <paramref name="max"/> characters.</summary>
    public static string Text(object? v, int max)
    {
        string s = v switch
        {
            null => "",
            string x => x,
            DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture),
            double d => d.ToString("0.######", CultureInfo.InvariantCulture),
            float f => f.ToString("0.######", CultureInfo.InvariantCulture),
            IFormattable fmt => fmt.ToString(null, CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToHexStringLower(bytes),
            IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(x => Text(x, int.MaxValue))) + "]",
            _ => v.ToString() ?? "",
        };
        s = s.Replace('\n', ' ').Replace('\r', ' ');
        return s.Length <= max ? s : string.Concat(s.AsSpan(0, Math.Max(1, max - 1)), "…");
    }

    private static string Csv(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
