using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Core.Dag;

/// <summary>A parsed DAG file (structure only; <see cref="DagValidator"/> checks meaning).</summary>
public sealed class DagFile
{
    private static readonly string[] TopLevelKeys = ["$schema", "name", "description", "output_dir", "steps", "ledger", "fail_on", "batch_size", "channel_capacity"];
    private static readonly string[] StepKeys = ["id", "uses", "needs", "with", "workers", "description"];

    /// <summary>Path of the file (absolute), or a label for in-memory DAGs.</summary>
    public required string Path { get; init; }

    /// <summary>Folder relative paths resolve against.</summary>
    public required string Directory { get; init; }

    /// <summary>The file's text.</summary>
    public required string Text { get; init; }

    /// <summary>The DAG's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Output folder (absolute).</summary>
    public string OutputDir { get; init; } = "";

    /// <summary>The steps in file order.</summary>
    public IReadOnlyList<DagStep> Steps { get; init; } = [];

    /// <summary>Whether the provenance ledger is written (default true).</summary>
    public bool Ledger { get; init; } = true;

    /// <summary>
    /// <c>"ledger": { "kept_events": true }</c>: the ledger also records a <c>kept</c> event for every document at every
    /// processor step (large; by default drops, changes and errors are events and survival is implied).
    /// </summary>
    public bool LedgerKeptEvents { get; init; }

    /// <summary>Gate rules ("perplexity.sotu > 80") that make the run fail when true.</summary>
    public IReadOnlyList<string> FailOn { get; init; } = [];

    /// <summary>Documents per batch on each edge.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Batches buffered per edge (back-pressure bound).</summary>
    public int ChannelCapacity { get; init; } = 4;

    /// <summary>Structural problems found while parsing.</summary>
    public IReadOnlyList<DagError> Errors { get; init; } = [];

    /// <summary>SHA-256 of the text, hex.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <summary>Reads and parses a DAG file. Syntax errors come back as one error with line and column.</summary>
    public static DagFile Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            return new DagFile { Path = full, Directory = System.IO.Path.GetDirectoryName(full)!, Text = "", Errors = [new DagError("$", $"DAG file not found: {path}")] };
        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses DAG text; <paramref name="path"/> gives the folder for relative paths.</summary>
    public static DagFile Parse(string text, string path)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1, col = (ex.BytePositionInLine ?? 0) + 1;
            var msg = ex.Message;
            int cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) msg = msg[..cut];
            return new DagFile { Path = path, Directory = dir, Text = text, Errors = [new DagError($"{System.IO.Path.GetFileName(path)}:{line}:{col}", $"JSON syntax error: {msg}")] };
        }
        using (doc)
        {
            return FromElement(doc.RootElement.Clone(), text, path, dir);
        }
    }

    private static DagFile FromElement(JsonElement root, string text, string path, string dir)
    {
        var errors = new List<DagError>();
        if (root.ValueKind != JsonValueKind.Object)
            return new DagFile { Path = path, Directory = dir, Text = text, Errors = [new DagError("$", "a DAG file is a JSON object with name, output_dir and steps")] };
        foreach (var p in root.EnumerateObject())
            if (!TopLevelKeys.Contains(p.Name))
                errors.Add(new DagError($"$.{p.Name}", "unknown key", $"'{p.Name}'", Util.Levenshtein.Nearest(p.Name, TopLevelKeys)));

        string name = GetString(root, "name", "$.name", errors, required: true) ?? "";
        string outDir = GetString(root, "output_dir", "$.output_dir", errors, required: false) ?? System.IO.Path.Combine("out", name.Length > 0 ? name : "run");
        bool ledger = true, keptEvents = false;
        if (root.TryGetProperty("ledger", out var l))
        {
            if (l.ValueKind is JsonValueKind.True or JsonValueKind.False) ledger = l.GetBoolean();
            else if (l.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in l.EnumerateObject())
                    if (p.Name == "kept_events" && p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) keptEvents = p.Value.GetBoolean();
                    else errors.Add(new DagError($"$.ledger.{p.Name}", p.Name == "kept_events" ? "expected true or false" : "unknown key", p.Value.GetRawText(), p.Name == "kept_events" ? null : "kept_events"));
            }
            else errors.Add(new DagError("$.ledger", "expected true, false or { \"kept_events\": true }", l.GetRawText()));
        }
        var failOn = new List<string>();
        if (root.TryGetProperty("fail_on", out var f))
        {
            if (f.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var r in f.EnumerateArray())
                {
                    if (r.ValueKind == JsonValueKind.String) failOn.Add(r.GetString()!);
                    else errors.Add(new DagError($"$.fail_on[{i}]", "expected a rule string like \"perplexity.sotu > 80\"", r.GetRawText()));
                    i++;
                }
            }
            else errors.Add(new DagError("$.fail_on", "expected an array of rule strings", f.GetRawText()));
        }
        int batch = GetInt(root, "batch_size", 256, 1, 1_000_000, errors);
        int capacity = GetInt(root, "channel_capacity", 4, 1, 10_000, errors);

        var steps = new List<DagStep>();
        if (!root.TryGetProperty("steps", out var stepsEl) || stepsEl.ValueKind != JsonValueKind.Array)
            errors.Add(new DagError("$.steps", "required: an array of steps"));
        else
        {
            int i = 0;
            foreach (var s in stepsEl.EnumerateArray())
            {
                var sp = $"$.steps[{i}]";
                if (s.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new DagError(sp, "a step is an object with id and uses", s.GetRawText()));
                    i++;
                    continue;
                }
                foreach (var p in s.EnumerateObject())
                    if (!StepKeys.Contains(p.Name))
                        errors.Add(new DagError($"{sp}.{p.Name}", "unknown key in step", $"'{p.Name}'", Util.Levenshtein.Nearest(p.Name, StepKeys)));
                var id = GetString(s, "id", $"{sp}.id", errors, required: true) ?? $"step{i}";
                var uses = GetString(s, "uses", $"{sp}.uses", errors, required: true) ?? "";
                var needs = new List<NeedRef>();
                if (s.TryGetProperty("needs", out var n))
                {
                    if (n.ValueKind == JsonValueKind.String) needs.Add(NeedRef.Parse(n.GetString()!));
                    else if (n.ValueKind == JsonValueKind.Array)
                    {
                        int j = 0;
                        foreach (var e in n.EnumerateArray())
                        {
                            if (e.ValueKind == JsonValueKind.String) needs.Add(NeedRef.Parse(e.GetString()!));
                            else errors.Add(new DagError($"{sp}.needs[{j}]", "expected a step id string", e.GetRawText()));
                            j++;
                        }
                    }
                    else errors.Add(new DagError($"{sp}.needs", "expected an array of step ids", n.GetRawText()));
                }
                JsonElement? with = s.TryGetProperty("with", out var w) ? w : null;
                int workers = GetInt(s, "workers", 1, 1, 256, errors, sp);
                steps.Add(new DagStep(i, id, uses, needs, with, workers));
                i++;
            }
        }
        return new DagFile
        {
            Path = path,
            Directory = dir,
            Text = text,
            Name = name,
            OutputDir = Util.PathUtil.Resolve(dir, outDir),
            Steps = steps,
            Ledger = ledger,
            LedgerKeptEvents = keptEvents,
            FailOn = failOn,
            BatchSize = batch,
            ChannelCapacity = capacity,
            Errors = errors,
        };
    }

    private static string? GetString(JsonElement obj, string key, string path, List<DagError> errors, bool required)
    {
        if (!obj.TryGetProperty(key, out var v))
        {
            if (required) errors.Add(new DagError(path, "required key is missing"));
            return null;
        }
        if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        errors.Add(new DagError(path, "expected a non-empty string", v.GetRawText()));
        return null;
    }

    private static int GetInt(JsonElement obj, string key, int def, int min, int max, List<DagError> errors, string prefix = "$")
    {
        if (!obj.TryGetProperty(key, out var v)) return def;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var x) && x >= min && x <= max) return x;
        errors.Add(new DagError($"{prefix}.{key}", $"expected an integer from {min} to {max}", v.GetRawText()));
        return def;
    }
}
