using System.Globalization;

namespace Pipeline.Cli;

/// <summary>Parsed command-line arguments: positionals, "--key value" options and "--flag" switches.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                Positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var key = a[2..];
                string? value = null;
                int eq = key.IndexOf('=');
                if (eq > 0) { value = key[(eq + 1)..]; key = key[..eq]; }
                else if (!flags.Contains(key))
                {
                    if (i + 1 >= args.Count) throw new UsageException($"option --{key} needs a value");
                    value = args[++i];
                }
                if (!_options.TryGetValue(key, out var list)) _options[key] = list = [];
                list.Add(value ?? "true");
            }
            else Positionals.Add(a);
        }
    }

    public List<string> Positionals { get; } = [];

    public bool Has(string key) { _used.Add(key); return _options.ContainsKey(key); }

    public string? Get(string key) { _used.Add(key); return _options.TryGetValue(key, out var l) ? l[^1] : null; }

    public IReadOnlyList<string> GetAll(string key) { _used.Add(key); return _options.TryGetValue(key, out var l) ? l : []; }

    public string Require(string key) => Get(key) ?? throw new UsageException($"option --{key} is required");

    public int GetInt(string key, int fallback)
    {
        var v = Get(key);
        if (v is null) return fallback;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw new UsageException($"--{key} expects an integer, got '{v}'");
    }

    public double GetDouble(string key, double fallback)
    {
        var v = Get(key);
        if (v is null) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new UsageException($"--{key} expects a number, got '{v}'");
    }

    public string Positional(int index, string name) =>
        index < Positionals.Count ? Positionals[index] : throw new UsageException($"missing argument {name}");

    /// <summary>Throws when an option was given that the command never asked for.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option --{unknown[0]}");
    }
}
