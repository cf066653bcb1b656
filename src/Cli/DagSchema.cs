using System.Text.Json.Nodes;
using Pipeline.Core.Steps;

namespace Pipeline.Cli;

/// <summary>Builds a JSON Schema (draft 2020-12) of DAG files from the registry.</summary>
internal static class DagSchema
{
    public static JsonObject Build(StepRegistry registry)
    {
        var stepNames = new JsonArray(registry.All.Select(d => (JsonNode?)JsonValue.Create(d.Name)).ToArray());
        var perStep = new JsonArray();
        foreach (var d in registry.All)
        {
            var props = new JsonObject();
            var required = new JsonArray();
            foreach (var o in d.Options)
            {
                var p = TypeSchema(o.Type);
                p["description"] = o.Description;
                p["default"] = JsonNode.Parse(StepsView.DefaultJson(o));
                if (o.Range is { } r)
                {
                    p["minimum"] = StepsView.BoundNode(r.Minimum, o);
                    p["maximum"] = StepsView.BoundNode(r.Maximum, o);
                }
                if (o.AllowedValues is { } av) p["enum"] = new JsonArray(av.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                if (o.Required) required.Add(o.JsonName);
                props[o.JsonName] = p;
            }
            var with = new JsonObject { ["type"] = "object", ["properties"] = props, ["additionalProperties"] = false };
            if (required.Count > 0) with["required"] = required;
            perStep.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["uses"] = new JsonObject { ["const"] = d.Name } } },
                ["then"] = new JsonObject { ["properties"] = new JsonObject { ["with"] = with }, ["description"] = d.Summary },
            });
        }
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "pipeline-dag.schema.json",
            ["title"] = "Pipeline DAG",
            ["type"] = "object",
            ["required"] = new JsonArray("name", "steps"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string" },
                ["name"] = new JsonObject { ["type"] = "string", ["description"] = "Name of the pipeline" },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["output_dir"] = new JsonObject { ["type"] = "string", ["description"] = "Output folder, relative to this file" },
                ["ledger"] = new JsonObject
                {
                    ["oneOf"] = new JsonArray(
                        new JsonObject { ["type"] = "boolean" },
                        new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = new JsonObject { ["kept_events"] = new JsonObject { ["type"] = "boolean", ["default"] = false } } }),
                    ["default"] = true,
                    ["description"] = "Write the DuckDB provenance ledger (output_dir/provenance.duckdb); { \"kept_events\": true } also records a kept event per document and step",
                },
                ["fail_on"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Gate rules, e.g. \"perplexity.sotu > 80\"" },
                ["batch_size"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 256 },
                ["channel_capacity"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 4 },
                ["steps"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("id", "uses"),
                        ["additionalProperties"] = false,
                        ["properties"] = new JsonObject
                        {
                            ["id"] = new JsonObject { ["type"] = "string" },
                            ["uses"] = new JsonObject { ["enum"] = stepNames },
                            ["needs"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                            ["with"] = new JsonObject { ["type"] = "object" },
                            ["workers"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 1 },
                            ["description"] = new JsonObject { ["type"] = "string" },
                        },
                        ["allOf"] = perStep,
                    },
                },
            },
        };
    }

    private static JsonObject TypeSchema(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(string)) return new JsonObject { ["type"] = "string" };
        if (t == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (t == typeof(int) || t == typeof(long)) return new JsonObject { ["type"] = "integer" };
        if (t == typeof(double) || t == typeof(float)) return new JsonObject { ["type"] = "number" };
        if (t.IsEnum) return new JsonObject { ["enum"] = new JsonArray(Enum.GetNames(t).Select(n => (JsonNode?)JsonValue.Create(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n))).ToArray()) };
        if (t.IsArray) return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(t.GetElementType()!) };
        if (t.IsGenericType)
        {
            var g = t.GetGenericTypeDefinition();
            var a = t.GetGenericArguments();
            if (g == typeof(List<>) || g == typeof(IReadOnlyList<>)) return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(a[0]) };
            if (g == typeof(Dictionary<,>) || g == typeof(IReadOnlyDictionary<,>)) return new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeSchema(a[1]) };
        }
        return new JsonObject { ["type"] = "object" };
    }
}
