using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Pipeline.Bench;

/// <summary>What was measured: the commit (with "-dirty" when tracked files other than bench/results differ from it) and the build configuration.</summary>
public static class BuildInfo
{
    /// <summary>commit, configuration, tiered_pgo, tiered_compilation, quick_jit, server_gc and the runtime's environment overrides of this bench process.</summary>
    public static JsonObject Describe(string repoRoot) => new()
    {
        ["commit"] = Commit(repoRoot),
        ["configuration"] = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown",
        ["tiered_pgo"] = AppContext.GetData("System.Runtime.TieredPGO")?.ToString() ?? "default",
        ["tiered_compilation"] = AppContext.GetData("System.Runtime.TieredCompilation")?.ToString() ?? "default",
        ["quick_jit"] = AppContext.GetData("System.Runtime.TieredCompilation.QuickJit")?.ToString() ?? "default",
        ["server_gc"] = System.Runtime.GCSettings.IsServerGC,
        ["env"] = RuntimeEnvironment(),
    };

    /// <summary>DOTNET_* and PIPELINE_* variables: they can override the build's runtime settings (e.g. DOTNET_TieredCompilation).</summary>
    private static JsonObject RuntimeEnvironment()
    {
        var env = new JsonObject();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (key.StartsWith("DOTNET_", StringComparison.Ordinal) || key.StartsWith("PIPELINE_", StringComparison.Ordinal)) env[key] = (string?)e.Value;
        }
        return env;
    }

    private static string Commit(string repoRoot)
    {
        var head = Git(repoRoot, "rev-parse", "--short=12", "HEAD");
        if (head is null)
        {
            // no git here: the commit the assembly was built from, when the SDK recorded it
            var info = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            int plus = info?.IndexOf('+', StringComparison.Ordinal) ?? -1;
            return plus >= 0 ? info![(plus + 1)..] : "unknown";
        }
        // bench/results is left out: the bench appends to it, and that does not change what was measured
        var status = Git(repoRoot, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench/results");
        return string.IsNullOrEmpty(status) ? head : head + "-dirty";
    }

    private static string? Git(string dir, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
