using System.Globalization;
using Pipeline.Core.Dag;
using Pipeline.Core.Running;
using Pipeline.Core.Util;
using Pipeline.Dedup;

namespace Pipeline.Cli;

/// <summary>
/// A staged DAG: one file with <c>dedup.minhash_signatures</c> (end of stage 1) and <c>dedup.minhash_filter</c>
/// (start of stage 3); stage 2 is <c>pipeline dedup cluster</c> over every task's signature file.
/// </summary>
internal static class StagedDag
{
    public const string SignaturesStep = "dedup.minhash_signatures";
    public const string FilterStep = "dedup.minhash_filter";

    public static bool Boundary(PlannedStep s) => s.Descriptor.Name == FilterStep;

    public static bool IsStaged(DagPlan plan) => StageSelection.IsStaged(plan, Boundary);

    /// <summary>Glob patterns of the signature files every task of the DAG writes (with and without task suffix).</summary>
    public static IReadOnlyList<string> SignaturePatterns(DagPlan plan)
    {
        var list = new List<string>();
        foreach (var s in plan.Steps.Where(s => s.Descriptor.Name == SignaturesStep))
        {
            var rel = ((MinHashSignaturesOptions)s.Options).Path;
            list.Add(PathUtil.TaskOutputPath(plan.File.OutputDir, rel, ""));
            list.Add(PathUtil.TaskOutputPath(plan.File.OutputDir, rel, ".task-*"));
        }
        return list;
    }

    /// <summary>The folder the filter step reads its removal lists from.</summary>
    public static string RemovalsFolder(DagPlan plan)
    {
        var folders = plan.Steps.Where(Boundary).Select(s => PathUtil.Resolve(plan.File.Directory, ((MinHashFilterOptions)s.Options).Removals))
            .Distinct(StringComparer.Ordinal).ToList();
        if (folders.Count != 1) throw new UsageException($"a staged DAG needs exactly one {FilterStep} removals folder, found {folders.Count}");
        return folders[0];
    }

    /// <summary>
    /// Stage 2: checks the signature files form one complete task set (unless <paramref name="allowPartial"/>), then
    /// clusters them. Returns the exit code (0, 1 on unreadable files, 2 on an incomplete or foreign set).
    /// </summary>
    public static int Cluster(IReadOnlyList<string> files, string output, bool allowPartial, double? threshold, int? bands, int? rows, int threads,
        double? clusterFloor, CommandContext ctx)
    {
        ClusterResult r;
        try
        {
            if (!TaskSetGate.Pass([new TaskSetGroup("", 0, SignatureSet.Check(files))], "signature files", allowPartial, ctx)) return 2;
            // global input order = (task index, order within the task): the clustering sorts the files by task index
            r = MinHashClustering.Run(files, Path.GetFullPath(output), threshold, bands, rows, threads, clusterFloor, ctx.CancellationToken);
        }
        catch (InvalidDataException ex)
        {
            ctx.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        var inv = CultureInfo.InvariantCulture;
        ctx.Out.WriteLine(string.Create(inv, $"{r.Documents} documents from {r.Tasks} task(s); {r.Bands} bands x {r.Rows} rows, threshold {r.Threshold}"));
        ctx.Out.WriteLine(string.Create(inv, $"{r.Removed} near duplicates in {r.Clusters} clusters; memory {r.PeakIndexBytes / 1e6:F1} MB ({(r.Documents == 0 ? 0 : r.PeakIndexBytes / (double)r.Documents):F0} bytes/document)"));
        ctx.Out.WriteLine($"removal lists: {string.Join(", ", r.RemovalLists)}");
        ctx.Out.WriteLine($"clusters: {r.ClusterTablePath}");
        return 0;
    }

    /// <summary>Stage 2 for a staged DAG: its signature files, into its removals folder.</summary>
    public static int Cluster(DagPlan plan, bool allowPartial, CommandContext ctx)
    {
        var files = Glob.ExpandAll(plan.File.Directory, SignaturePatterns(plan));
        if (files.Count == 0)
        {
            ctx.Error.WriteLine($"error: no signature files under {plan.File.OutputDir}: run stage 1 first (pipeline run {plan.File.Path} --stage 1)");
            return 2;
        }
        return Cluster(files, RemovalsFolder(plan), allowPartial, null, null, null, 0, null, ctx);
    }
}
