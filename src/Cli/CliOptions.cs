using System.CommandLine;
using System.Globalization;

namespace Pipeline.Cli;

/// <summary>Short constructors for the options and arguments of `pipeline` commands (names as users type them).</summary>
internal static class CliOptions
{
    /// <summary>A switch: <c>--force</c> (no value).</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option with one value; <paramref name="valueName"/> shows in help (<c>--tasks N</c>).</summary>
    public static Option<T> Value<T>(string name, string valueName, string description) =>
        Numbers(new Option<T>(name) { Description = description, HelpName = valueName });

    /// <summary>An option with one value and a default, shown in help.</summary>
    public static Option<T> Value<T>(string name, string valueName, string description, T defaultValue) =>
        Numbers(new Option<T>(name) { Description = description, HelpName = valueName, DefaultValueFactory = _ => defaultValue });

    /// <summary>Numbers parse with the invariant culture, and a bad one says what was expected ("--steps expects an integer, got 'abc'").</summary>
    private static Option<T> Numbers<T>(Option<T> option)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type != typeof(int) && type != typeof(long) && type != typeof(double)) return option;
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            var inv = CultureInfo.InvariantCulture;
            object? value = type == typeof(int) ? (int.TryParse(text, NumberStyles.Integer, inv, out var i) ? i : null)
                : type == typeof(long) ? (long.TryParse(text, NumberStyles.Integer, inv, out var l) ? l : null)
                : double.TryParse(text, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d : null;
            if (value is not null) return (T)value;
            result.AddError($"{option.Name} expects {(type == typeof(double) ? "a number" : "an integer")}, got '{text}'");
            return default;
        };
        return option;
    }

    /// <summary>An option that may be given several times (<c>--input A --input B</c>).</summary>
    public static Option<string[]> Many(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName, Arity = ArgumentArity.OneOrMore };

    /// <summary>A required positional argument.</summary>
    public static Argument<string> Positional(string name, string description) =>
        new(name) { Description = description };

    /// <summary>Zero or more trailing positional arguments.</summary>
    public static Argument<string[]> Rest(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrMore };
}
