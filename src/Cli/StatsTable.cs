using Pipeline.Core.Running;

namespace Pipeline.Cli;

/// <summary>Prints per-step stats at the end of a run: wide for logs, without the "uses" column on a narrow terminal.</summary>
internal static class StatsTable
{
    /// <summary>Prints the table; <paramref name="width"/> is the terminal's width, or 0 when output is not a terminal.</summary>
    public static void Print(TextWriter w, RunResult result, int width = 0)
    {
        bool narrow = width is > 0 and < 124;
        int id = narrow ? Math.Clamp(width - 1 - 64, 8, 16) : 18;
        string uses = narrow ? "" : $" {"uses",-26}";
        w.WriteLine($"{"step".PadRight(id)}{uses} {"in",8} {"out",8} {"modified",8} {"dropped",8} {"errors",6} {"MB in",6} {"wall s",6} {"cpu s",6}");
        foreach (var s in result.Stats)
        {
            var u = narrow ? "" : $" {Trim(s.Uses, 26),-26}";
            w.WriteLine($"{Trim(s.StepId, id).PadRight(id)}{u} {s.In,8} {s.Out,8} {s.Modified,8} {s.Dropped,8} {s.Errors,6} {s.BytesIn / 1e6,6:F1} {s.WallTime.TotalSeconds,6:F1} {s.CpuTime.TotalSeconds,6:F1}");
            foreach (var kv in s.DroppedByReason.OrderByDescending(k => k.Value).Take(8))
                w.WriteLine($"  dropped {kv.Key}: {kv.Value}");
            foreach (var kv in s.ErrorsByReason.OrderByDescending(k => k.Value).Take(8))
                w.WriteLine($"  error {kv.Key}: {kv.Value}");
            foreach (var m in s.Metrics.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
                w.WriteLine(FormattableString.Invariant($"  {m.Name}: {m.Value:#,0.###} {m.Unit}"));
        }
    }

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
