using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Dag;
using Pipeline.Core.Util;

namespace Pipeline.Core.Steps;

/// <summary>A registered step: name, kind, docs, options and factory.</summary>
public sealed class StepDescriptor
{
    /// <summary>JSON settings for options: snake_case names, enums as strings, no unknown members.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private readonly Func<object, Step> _factory;

    internal StepDescriptor(string name, StepKind kind, string summary, Type optionsType, Func<object, Step> factory, IReadOnlyList<string> ports)
    {
        Name = name;
        Kind = kind;
        Summary = summary;
        OptionsType = optionsType;
        _factory = factory;
        Ports = ports;
        var defaults = Activator.CreateInstance(optionsType)!;
        Options = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.Name != "EqualityContract")
            .Select(p => new OptionDescriptor(p, defaults))
            .ToList();
    }

    /// <summary>The <c>uses</c> name, e.g. "filters.gopher_quality".</summary>
    public string Name { get; }

    /// <summary>Source, processor, sink or artifact step.</summary>
    public StepKind Kind { get; }

    /// <summary>One-line documentation.</summary>
    public string Summary { get; }

    /// <summary>The options record type.</summary>
    public Type OptionsType { get; }

    /// <summary>The options.</summary>
    public IReadOnlyList<OptionDescriptor> Options { get; }

    /// <summary>Side output ports (processors have "rejected").</summary>
    public IReadOnlyList<string> Ports { get; }

    /// <summary>True when the step produces a document stream others can consume.</summary>
    public bool ProducesDocuments => Kind is StepKind.Source or StepKind.Processor;

    /// <summary>True when the step produces artifacts others can consume.</summary>
    public bool ProducesArtifacts => Kind is StepKind.Sink or StepKind.Artifact or StepKind.Processor;

    /// <summary>Checks a <c>with</c> object: unknown keys, types, ranges, allowed values, required keys, input files.</summary>
    public IReadOnlyList<DagError> Validate(JsonElement? with, string jsonPath, string dagDirectory, bool inputsFromNeeds)
    {
        var errors = new List<DagError>();
        var byName = Options.ToDictionary(o => o.JsonName, StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (with is { } w)
        {
            if (w.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new DagError(jsonPath, "'with' must be an object of options", w.ValueKind.ToString().ToLowerInvariant()));
                return errors;
            }
            foreach (var p in w.EnumerateObject())
            {
                var path = $"{jsonPath}.{p.Name}";
                given.Add(p.Name);
                if (!byName.TryGetValue(p.Name, out var opt))
                {
                    errors.Add(new DagError(path, $"unknown option for {Name}", Quote(p.Name), Levenshtein.Nearest(p.Name, byName.Keys)));
                    continue;
                }
                object? value;
                try
                {
                    value = p.Value.Deserialize(opt.Type, JsonOptions);
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
                {
                    errors.Add(new DagError(path, $"expected {opt.TypeName}", p.Value.GetRawText()));
                    continue;
                }
                CheckValue(opt, value, path, p.Value, dagDirectory, inputsFromNeeds, errors);
            }
        }
        foreach (var opt in Options)
        {
            if (given.Contains(opt.JsonName)) continue;
            if (opt.Required) errors.Add(new DagError($"{jsonPath}.{opt.JsonName}", "required option is missing"));
            else if (opt.Input is { Optional: false } && !inputsFromNeeds && IsEmptyPaths(opt.Default))
                errors.Add(new DagError($"{jsonPath}.{opt.JsonName}", "input paths are required (or list an upstream step in 'needs')"));
        }
        if (errors.Count == 0)
        {
            try
            {
                var bound = Bind(with, dagDirectory, dagDirectory);
                if (bound is IValidatableOptions v)
                    foreach (var (key, message) in v.Validate())
                        errors.Add(new DagError($"{jsonPath}.{key}", message));
            }
            catch (JsonException ex)
            {
                errors.Add(new DagError(jsonPath, ex.Message));
            }
        }
        return errors;
    }

    private static void CheckValue(OptionDescriptor opt, object? value, string path, JsonElement raw, string dagDirectory, bool inputsFromNeeds, List<DagError> errors)
    {
        if (value is null)
        {
            if (opt.Required) errors.Add(new DagError(path, "must not be null"));
            return;
        }
        if (opt.Range is { } range && value is IConvertible && !range.IsValid(value))
            errors.Add(new DagError(path, $"out of range: must be between {range.Minimum} and {range.Maximum}", raw.GetRawText()));
        if (opt.AllowedValues is { } allowed)
        {
            var s = value.ToString() ?? "";
            if (raw.ValueKind == JsonValueKind.String) s = raw.GetString() ?? "";
            if (!allowed.Contains(s, StringComparer.Ordinal))
                errors.Add(new DagError(path, $"must be one of {string.Join(", ", allowed)}", Quote(s), Levenshtein.Nearest(s, allowed)));
        }
        if (opt.Input is { } input)
        {
            var patterns = PathsOf(value);
            if (patterns.Count == 0 && !input.Optional && !inputsFromNeeds)
                errors.Add(new DagError(path, "no input paths given"));
            for (int i = 0; i < patterns.Count && !input.WrittenByEarlierStage; i++)
            {
                if (!Glob.Expand(dagDirectory, patterns[i]).Any())
                {
                    var at = value is string ? path : $"{path}[{i}]";
                    errors.Add(new DagError(at, "input file not found (paths are relative to the DAG file's folder)", Quote(patterns[i])));
                }
            }
        }
    }

    private static bool IsEmptyPaths(object? value) => PathsOf(value).Count == 0;

    private static IReadOnlyList<string> PathsOf(object? value) => value switch
    {
        null => [],
        string s when s.Length == 0 => [],
        string s => [s],
        IEnumerable<string> list => list.Where(x => !string.IsNullOrEmpty(x)).ToList(),
        _ => [],
    };

    private static string Quote(string s) => "'" + s + "'";

    /// <summary>Builds the options object from <c>with</c>, resolving input paths against the DAG folder and output paths against the output folder.</summary>
    public object Bind(JsonElement? with, string dagDirectory, string outputDirectory)
    {
        object options = with is { ValueKind: JsonValueKind.Object } w
            ? w.Deserialize(OptionsType, JsonOptions) ?? Activator.CreateInstance(OptionsType)!
            : Activator.CreateInstance(OptionsType)!;
        foreach (var opt in Options)
        {
            var v = opt.Property.GetValue(options);
            if (v is null) continue;
            string baseDir = opt.Input is not null ? dagDirectory : opt.IsOutputPath ? outputDirectory : "";
            if (baseDir.Length == 0) continue;
            object resolved = v switch
            {
                string s when s.Length > 0 => PathUtil.Resolve(baseDir, s),
                string[] arr => arr.Select(s => PathUtil.Resolve(baseDir, s)).ToArray(),
                List<string> list => list.Select(s => PathUtil.Resolve(baseDir, s)).ToList(),
                _ => v,
            };
            opt.Property.SetValue(options, resolved);
        }
        return options;
    }

    /// <summary>Creates the step from bound options.</summary>
    public Step Create(object options) => _factory(options);
}
