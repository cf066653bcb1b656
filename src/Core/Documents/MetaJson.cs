using System.Collections.Immutable;
using System.Text.Json;

namespace Pipeline.Core.Documents;

/// <summary>Reads and writes <see cref="Meta"/> as a JSON object (keys in sorted order).</summary>
public static class MetaJson
{
    /// <summary>Writes <paramref name="meta"/> as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, Meta meta)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in meta)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Serialises <paramref name="meta"/> to a compact JSON string.</summary>
    public static string ToJson(Meta meta)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, meta);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case IReadOnlyDictionary<string, long> counts:
                writer.WriteStartObject();
                foreach (var kv in counts.OrderBy(k => k.Key, StringComparer.Ordinal)) writer.WriteNumber(kv.Key, kv.Value);
                writer.WriteEndObject();
                break;
            case IEnumerable<string> list:
                writer.WriteStartArray();
                foreach (var s in list) writer.WriteStringValue(s);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    /// <summary>Parses a JSON object into metadata. Nested objects of numbers become count maps; other nested values become their JSON text.</summary>
    public static Meta Read(JsonElement obj) => Read(obj, null);

    /// <summary>Like <see cref="Read(JsonElement)"/>, keeping only the properties <paramref name="include"/> accepts (all when null).</summary>
    public static Meta Read(JsonElement obj, Func<string, bool>? include)
    {
        if (obj.ValueKind != JsonValueKind.Object) return Meta.Empty;
        var pairs = new List<KeyValuePair<string, object>>();
        foreach (var p in obj.EnumerateObject())
        {
            if (include is not null && !include(p.Name)) continue;
            object? v = Convert(p.Value);
            if (v is not null) pairs.Add(new(p.Name, v));
        }
        return Meta.From(pairs);
    }

    /// <summary>Parses a JSON object text into metadata; empty or "null" gives empty metadata.</summary>
    public static Meta Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "null") return Meta.Empty;
        using var doc = JsonDocument.Parse(json);
        return Read(doc.RootElement);
    }

    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array when e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) =>
            e.EnumerateArray().Select(x => x.GetString()!).ToImmutableArray(),
        JsonValueKind.Object when e.EnumerateObject().All(x => x.Value.ValueKind == JsonValueKind.Number && x.Value.TryGetInt64(out _)) =>
            e.EnumerateObject().ToImmutableSortedDictionary(x => x.Name, x => x.Value.GetInt64(), StringComparer.Ordinal),
        _ => e.GetRawText(),
    };
}
