using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Steps;

namespace Pipeline.Cli;

/// <summary>`pipeline steps`: the registry's steps as text or JSON, values printed as they are written in a DAG file.</summary>
internal static class StepsView
{
    /// <summary>Indented JSON that leaves characters as written (<c>application/xhtml+xml</c>, not <c>\u002B</c>).</summary>
    public static readonly JsonSerializerOptions PrintOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions ValueOptions = new(StepDescriptor.JsonOptions) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Print(CommandContext ctx, string? name, bool json)
    {
        var steps = ctx.Registry.All.ToList();
        if (name is not null)
        {
            var one = steps.Where(d => d.Name == name).ToList();
            if (one.Count == 0)
            {
                var guess = Core.Util.Levenshtein.Nearest(name, steps.Select(d => d.Name));
                throw new UsageException($"unknown step '{name}'" + (guess is null ? "" : $"; did you mean '{guess}'?") + " (pipeline steps lists them)");
            }
            steps = one;
        }
        if (json)
        {
            var arr = new JsonArray();
            foreach (var d in steps) arr.Add(ToJson(d));
            ctx.Out.WriteLine((name is null ? arr : arr[0]!).ToJsonString(PrintOptions));
            return 0;
        }
        foreach (var d in steps)
        {
            var ports = d.Ports.Count > 0 ? $" [ports: {string.Join(", ", d.Ports)}]" : "";
            ctx.Out.WriteLine($"{d.Name}  ({d.Kind.ToString().ToLowerInvariant()}){ports}");
            ctx.Out.WriteLine($"    {d.Summary}");
            foreach (var o in d.Options)
            {
                var extra = o.Range is { } r ? $", {Bound(r.Minimum, o)}..{Bound(r.Maximum, o)}" : "";
                if (o.AllowedValues is { } av) extra += $", one of {string.Join("|", av)}";
                ctx.Out.WriteLine($"    {o.JsonName,-24} {o.TypeName,-9} = {DefaultJson(o)}{extra}");
                if (o.Description.Length > 0) ctx.Out.WriteLine($"        {o.Description}");
            }
            ctx.Out.WriteLine();
        }
        return 0;
    }

    /// <summary>The default as a DAG file would write it.</summary>
    public static string DefaultJson(OptionDescriptor o) =>
        o.Default is null ? "null" : JsonSerializer.Serialize(o.Default, o.Default.GetType(), ValueOptions);

    /// <summary>A range bound as written: integers for integer options (<c>long.MaxValue</c>, not <c>9.223372036854776E+18</c>).</summary>
    public static string Bound(object bound, OptionDescriptor o) => BoundNode(bound, o).ToJsonString();

    /// <summary>A range bound as a JSON number of the option's type.</summary>
    public static JsonValue BoundNode(object bound, OptionDescriptor o)
    {
        double d = Convert.ToDouble(bound, CultureInfo.InvariantCulture);
        if (o.TypeName == "integer")
        {
            if (d >= long.MaxValue) return JsonValue.Create(long.MaxValue);
            if (d <= long.MinValue) return JsonValue.Create(long.MinValue);
            return JsonValue.Create((long)d);
        }
        return JsonValue.Create(d);
    }

    private static JsonObject ToJson(StepDescriptor d)
    {
        var opts = new JsonArray();
        foreach (var o in d.Options)
        {
            var on = new JsonObject
            {
                ["name"] = o.JsonName,
                ["type"] = o.TypeName,
                ["default"] = JsonNode.Parse(DefaultJson(o)),
                ["description"] = o.Description,
                ["required"] = o.Required,
            };
            if (o.Range is RangeAttribute r)
            {
                on["minimum"] = BoundNode(r.Minimum, o);
                on["maximum"] = BoundNode(r.Maximum, o);
            }
            if (o.AllowedValues is { } av) on["allowed"] = new JsonArray(av.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            opts.Add(on);
        }
        return new JsonObject
        {
            ["name"] = d.Name,
            ["kind"] = d.Kind.ToString().ToLowerInvariant(),
            ["summary"] = d.Summary,
            ["ports"] = new JsonArray(d.Ports.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            ["options"] = opts,
        };
    }
}
