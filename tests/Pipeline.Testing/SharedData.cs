namespace Pipeline.Testing;

/// <summary>Finds the repository root and <c>../shared/data</c> beside it.</summary>
public static class SharedData
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pipeline.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder holding Pipeline.sln).</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>Environment variable that overrides where the shared data folder is looked for; set it to a folder that
    /// does not exist (e.g. <c>none</c>) to run the suite as a fresh clone without <c>../shared</c> would.</summary>
    public const string OverrideVariable = "PIPELINE_SHARED_DATA";

    /// <summary>The shared data folder (may not exist): <c>$PIPELINE_SHARED_DATA</c> when set, else <c>../shared/data</c>
    /// beside the repository.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden
            ? Path.GetFullPath(overridden, RepoRoot)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    /// <summary>Absolute path of <paramref name="relative"/> under the shared data folder.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>True when <paramref name="relative"/> exists under the shared data folder.</summary>
    public static bool Exists(string relative) => File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative));
}
