using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace Pipeline.Audit;

/// <summary>Renders <see cref="DataFrame"/> tables as HTML and Markdown.</summary>
internal static class ReportTables
{
    public static DataFrame Frame(params DataFrameColumn[] columns) => new(columns);

    public static StringDataFrameColumn Strings(string name, IEnumerable<string?> values) => new(name, values.Select(v => v ?? ""));

    public static DoubleDataFrameColumn Doubles(string name, IEnumerable<double> values) => new(name, values.Select(v => (double?)v));

    public static Int64DataFrameColumn Longs(string name, IEnumerable<long> values) => new(name, values.Select(v => (long?)v));

    public static string Cell(object? v) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "–",
        double d when Math.Abs(d) >= 1000 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.####", CultureInfo.InvariantCulture),
        long l => l.ToString("N0", CultureInfo.InvariantCulture),
        int i => i.ToString("N0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Html(DataFrame df, string id)
    {
        var sb = new StringBuilder();
        sb.Append("<table id=\"").Append(id).Append("\"><thead><tr>");
        foreach (var c in df.Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (long r = 0; r < df.Rows.Count; r++)
        {
            sb.Append("<tr>");
            for (int c = 0; c < df.Columns.Count; c++)
            {
                var v = df.Columns[c][r];
                bool num = v is double or long or int or float;
                sb.Append(num ? "<td class=\"n\">" : "<td>").Append(WebUtility.HtmlEncode(Cell(v))).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>\n");
        return sb.ToString();
    }

    public static string Markdown(DataFrame df)
    {
        var sb = new StringBuilder();
        sb.Append('|');
        foreach (var c in df.Columns) sb.Append(' ').Append(c.Name).Append(" |");
        sb.Append("\n|");
        foreach (var c in df.Columns) sb.Append(c.DataType == typeof(string) ? "---|" : "---:|");
        sb.Append('\n');
        for (long r = 0; r < df.Rows.Count; r++)
        {
            sb.Append('|');
            for (int c = 0; c < df.Columns.Count; c++) sb.Append(' ').Append(Cell(df.Columns[c][r]).Replace("|", "\\|", StringComparison.Ordinal)).Append(" |");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
