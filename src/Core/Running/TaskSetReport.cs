using System.Globalization;
using System.Text;

namespace Pipeline.Core.Running;

/// <summary>What <see cref="TaskSet.Check"/> found: the run the set belongs to and what is missing or foreign.</summary>
/// <param name="TaskCount">Task count of the run the majority of the files belong to.</param>
/// <param name="DagHash">DAG hash of that run.</param>
/// <param name="Members">Files of that run, in task order (one per index; duplicates are in <paramref name="Duplicates"/>).</param>
/// <param name="Missing">Task indices 0..N−1 with no file.</param>
/// <param name="Foreign">Files of another run (other task count or DAG hash), with what they say.</param>
/// <param name="Duplicates">Second files for an index already present.</param>
public sealed record TaskSetReport(int TaskCount, string DagHash, IReadOnlyList<TaskFile> Members, IReadOnlyList<int> Missing,
    IReadOnlyList<string> Foreign, IReadOnlyList<string> Duplicates)
{
    /// <summary>True when the set is exactly tasks 0..N−1 of one run.</summary>
    public bool Complete => Missing.Count == 0 && Foreign.Count == 0 && Duplicates.Count == 0;

    /// <summary>One message naming everything wrong (empty when complete).</summary>
    public string Describe(string what)
    {
        if (Complete) return "";
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{what}: not one complete set of tasks 0..{TaskCount - 1} of {TaskCount} (DAG {Short(DagHash)})");
        if (Missing.Count > 0) sb.Append(CultureInfo.InvariantCulture, $"; missing task(s) {Ranges(Missing)}");
        foreach (var f in Foreign) sb.Append("; foreign: ").Append(f);
        foreach (var d in Duplicates) sb.Append("; duplicate: ").Append(d);
        return sb.ToString();
    }

    internal static string Short(string hash) => hash.Length == 0 ? "unknown" : hash[..Math.Min(12, hash.Length)];

    private static string Ranges(IReadOnlyList<int> xs)
    {
        var parts = new List<string>();
        for (int i = 0; i < xs.Count;)
        {
            int j = i;
            while (j + 1 < xs.Count && xs[j + 1] == xs[j] + 1) j++;
            parts.Add(j == i ? xs[i].ToString(CultureInfo.InvariantCulture) : $"{xs[i]}-{xs[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
