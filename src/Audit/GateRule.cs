using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Audit;

/// <summary>A <c>fail_on</c> rule: "METRIC OP NUMBER" (OP one of &gt; &gt;= &lt; &lt;= == !=); the run fails when it holds.</summary>
public sealed partial record GateRule(string Text, string Metric, string Operator, double Threshold)
{
    [GeneratedRegex(@"^\s*([A-Za-z0-9_.:\-/]+)\s*(>=|<=|==|!=|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> set when it is not a rule.</summary>
    public static GateRule? TryParse(string text, out string? error)
    {
        var m = Pattern().Match(text ?? "");
        if (!m.Success)
        {
            error = $"'{text}' is not a rule; write METRIC OP NUMBER, e.g. \"perplexity.sotu > 80\" (OP: > >= < <= == !=)";
            return null;
        }
        error = null;
        return new GateRule(text!, m.Groups[1].Value, m.Groups[2].Value, double.Parse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>True when the rule holds for <paramref name="value"/> (NaN always trips a rule: nothing measured is not a pass).</summary>
    public bool Trips(double value) => double.IsNaN(value) || Operator switch
    {
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        "==" => value == Threshold,
        "!=" => value != Threshold,
        _ => false,
    };
}
