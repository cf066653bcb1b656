namespace Pipeline.Cli;

/// <summary>Where the evaluation commands look for the shared dev sets when no folder is named:
/// <c>$PIPELINE_SHARED_DATA/RELATIVE</c> when the variable is set (the same variable the test suite reads), else
/// <c>../shared/data/RELATIVE</c> from the working directory (the repository root, where the README runs commands).</summary>
internal static class DevDataFolder
{
    /// <summary>The environment variable naming the shared data folder.</summary>
    public const string Variable = "PIPELINE_SHARED_DATA";

    /// <summary>The default folder of <paramref name="relative"/> (e.g. <c>extraction-dev/pages</c>); it may not exist.</summary>
    public static string Of(string relative) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } root
            ? Path.Combine(root, relative)
            : Path.Combine("..", "shared", "data", relative);

    /// <summary>How an option's help names the default of <paramref name="relative"/>.</summary>
    public static string Describe(string relative) => $"${Variable}/{relative}, or ../shared/data/{relative} when the variable is unset";
}
