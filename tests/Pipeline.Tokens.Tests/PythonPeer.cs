using System.Diagnostics;
using System.Text.Json;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Tokens.Tests;

/// <summary>Runs the independent NumPy shard reader (bench/peers/shards_read.py).</summary>
internal static class PythonPeer
{
    /// <summary>Runs the reader with <paramref name="args"/>; returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var script = Path.Combine(SharedData.RepoRoot, "bench", "peers", "shards_read.py");
        var psi = new ProcessStartInfo(PythonNumpyFactAttribute.Python!, [script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    /// <summary>Runs the reader and parses its JSON; fails the test when it exits non-zero.</summary>
    public static JsonDocument Read(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout);
    }
}
