using Pipeline.Core.Running;

namespace Pipeline.Cli;

/// <summary>Prints per-step stats at the end of a run.</summary>
internal static class StatsTable
{
    public static void Print(TextWriter w, RunResult result)
    {
        w.WriteLine($"{"step",-18} {"uses",-26} {"in",10} {"out",10} {"modified",9} {"dropped",9} {"errors",7} {"MB in",8} {"wall s",7} {"cpu s",7}");
        foreach (var s in result.Stats)
        {
            w.WriteLine($"{Trim(s.StepId, 18),-18} {Trim(s.Uses, 26),-26} {s.In,10} {s.Out,10} {s.Modified,9} {s.Dropped,9} {s.Errors,7} {s.BytesIn / 1e6,8:F1} {s.WallTime.TotalSeconds,7:F1} {s.CpuTime.TotalSeconds,7:F1}");
            foreach (var kv in s.DroppedByReason.OrderByDescending(k => k.Value).Take(8))
                w.WriteLine($"{"",18}   dropped {kv.Key}: {kv.Value}");
            foreach (var kv in s.ErrorsByReason.OrderByDescending(k => k.Value).Take(8))
                w.WriteLine($"{"",18}   error {kv.Key}: {kv.Value}");
        }
    }

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
