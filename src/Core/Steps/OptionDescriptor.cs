using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Steps;

/// <summary>One option of a step, read from its options record by reflection.</summary>
public sealed class OptionDescriptor
{
    internal OptionDescriptor(PropertyInfo property, object defaults)
    {
        Property = property;
        JsonName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
        Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";
        Range = property.GetCustomAttribute<RangeAttribute>();
        AllowedValues = property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => v?.ToString() ?? "").ToArray();
        Required = property.GetCustomAttribute<RequiredAttribute>() is not null;
        Input = property.GetCustomAttribute<InputPathAttribute>();
        IsOutputPath = property.GetCustomAttribute<OutputPathAttribute>() is not null;
        Default = property.GetValue(defaults);
    }

    /// <summary>The C# property.</summary>
    public PropertyInfo Property { get; }

    /// <summary>The key in the DAG's <c>with</c> object (snake_case).</summary>
    public string JsonName { get; }

    /// <summary>One-line documentation.</summary>
    public string Description { get; }

    /// <summary>Allowed numeric range, when set.</summary>
    public RangeAttribute? Range { get; }

    /// <summary>Allowed string values, when set.</summary>
    public IReadOnlyList<string>? AllowedValues { get; }

    /// <summary>True when the option must be given.</summary>
    public bool Required { get; }

    /// <summary>Set when the option holds input paths.</summary>
    public InputPathAttribute? Input { get; }

    /// <summary>True when the option names an output path.</summary>
    public bool IsOutputPath { get; }

    /// <summary>The default value.</summary>
    public object? Default { get; }

    /// <summary>The option's value type.</summary>
    public Type Type => Property.PropertyType;

    /// <summary>A short JSON-ish name of the type: string, integer, number, boolean, string[], object.</summary>
    public string TypeName => JsonTypeName(Type);

    internal static string JsonTypeName(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(string)) return "string";
        if (t == typeof(bool)) return "boolean";
        if (t == typeof(int) || t == typeof(long)) return "integer";
        if (t == typeof(double) || t == typeof(float)) return "number";
        if (t.IsEnum) return "string";
        if (t.IsArray) return JsonTypeName(t.GetElementType()!) + "[]";
        if (t.IsGenericType && t.GetGenericTypeDefinition() is var g && (g == typeof(List<>) || g == typeof(IReadOnlyList<>)))
            return JsonTypeName(t.GetGenericArguments()[0]) + "[]";
        return "object";
    }

    /// <summary>The default as compact JSON (for docs and the schema).</summary>
    public string DefaultJson => Default is null ? "null" : JsonSerializer.Serialize(Default, Default.GetType(), StepDescriptor.JsonOptions);
}
