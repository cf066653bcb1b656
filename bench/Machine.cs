using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Pipeline.Bench;

/// <summary>Machine facts recorded with every result, and peak RSS.</summary>
public static class Machine
{
    public static JsonObject Describe()
    {
        string cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        return new JsonObject
        {
            ["host"] = Environment.MachineName,
            ["cpu"] = cpu,
            ["cores"] = Environment.ProcessorCount,
            ["memory_gib"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
        };
    }

    /// <summary>Peak resident set size of this process in MB (VmHWM), or the working set where /proc is missing.</summary>
    public static double PeakRssMb()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null) return double.Parse(line.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }

    /// <summary>Resets the kernel's peak RSS counter (Linux), so a workload can measure its own peak.</summary>
    public static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
