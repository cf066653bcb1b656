using System.Diagnostics;
using Xunit;

namespace Pipeline.Tokens.Tests;

/// <summary>A fact that skips, with the reason, when no python3 with NumPy is installed (CI: apt-get install python3-numpy).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonNumpyFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Found = new(Find);

    public PythonNumpyFactAttribute()
    {
        if (Python is null) Skip = "needs python3 with NumPy for the independent shard reader (bench/peers/shards_read.py); install python3-numpy";
    }

    /// <summary>A python3 that can import numpy, or null.</summary>
    public static string? Python => Found.Value;

    private static string? Find()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(candidate, ["-c", "import numpy"]) { RedirectStandardError = true, RedirectStandardOutput = true });
                if (p is null) continue;
                p.WaitForExit();
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }
}
