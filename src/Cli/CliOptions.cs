using System.CommandLine;

namespace Pipeline.Cli;

/// <summary>Short constructors for the options and arguments of `pipeline` commands (names as users type them).</summary>
internal static class CliOptions
{
    /// <summary>A switch: <c>--force</c> (no value).</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option with one value; <paramref name="valueName"/> shows in help (<c>--tasks N</c>).</summary>
    public static Option<T> Value<T>(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName };

    /// <summary>An option with one value and a default, shown in help.</summary>
    public static Option<T> Value<T>(string name, string valueName, string description, T defaultValue) =>
        new(name) { Description = description, HelpName = valueName, DefaultValueFactory = _ => defaultValue };

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
