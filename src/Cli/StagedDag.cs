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
    public const string ExactHashesStep = "dedup.exact_hashes";
    public const string ExactFilterStep = "dedup.exact_filter";

    public static bool Boundary(PlannedStep s) => s.Descriptor.Name is FilterStep or ExactFilterStep;

    /// <summary>The DAG has staged MinHash dedup (signatures → buckets → edge clustering → filter).</summary>
    public static bool HasMinHash(DagPlan plan) => plan.Steps.Any(s => s.Descriptor.Name == FilterStep);

    /// <summary>The DAG has staged exact dedup (hashes → buckets → filter).</summary>
    public static bool HasExact(DagPlan plan) => plan.Steps.Any(s => s.Descriptor.Name == ExactFilterStep);

    /// <summary>The hash files every task of the DAG writes (with and without task suffix).</summary>
    public static IReadOnlyList<string> ExactHashPatterns(DagPlan plan) =>
        plan.Steps.Where(s => s.Descriptor.Name == ExactHashesStep).Select(s => ((ExactHashesOptions)s.Options).Path)
            .SelectMany(rel => new[] { PathUtil.TaskOutputPath(plan.File.OutputDir, rel, ""), PathUtil.TaskOutputPath(plan.File.OutputDir, rel, ".task-*") }).ToList();

    /// <summary>The folder dedup.exact_filter reads its removal lists from.</summary>
    public static string ExactRemovalsFolder(DagPlan plan)
    {
        var folders = plan.Steps.Where(s => s.Descriptor.Name == ExactFilterStep).Select(s => PathUtil.Resolve(plan.File.Directory, ((ExactFilterOptions)s.Options).Removals))
            .Distinct(StringComparer.Ordinal).ToList();
        if (folders.Count != 1) throw new UsageException($"a staged DAG needs exactly one {ExactFilterStep} removals folder, found {folders.Count}");
        return folders[0];
    }

    /// <summary>
    /// Staged exact dedup, one bucket task: checks the hash files form one task set, then writes this share's removal
    /// lists into the DAG's exact removals folder. Exit code 0, 1 (unreadable, over budget), 2 (no files, incomplete set).
    /// </summary>
    public static int ExactBuckets(DagPlan plan, int share, int shares, long? memoryBudget, bool allowPartial, CommandContext ctx)
    {
        var files = Glob.ExpandAll(plan.File.Directory, ExactHashPatterns(plan));
        if (files.Count == 0)
        {
            ctx.Error.WriteLine($"error: no exact hash files (dedup.exact_hashes) under {plan.File.OutputDir}: run stage 1 first (pipeline run {plan.File.Path} --stage 1)");
            return 2;
        }
        var folder = ExactRemovalsFolder(plan);
        return Guarded(() => TaskSetGate.Pass([new TaskSetGroup("", 0, SignatureSet.CheckExact(files))], "exact hash files", allowPartial, ctx)
            ? Tuple.Create(Dedup.ExactBuckets.Run(files, share, shares, folder, memoryBudget, ctx.CancellationToken)) : null,
            r => ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact bucket task {share} of {shares}: {r.Item1.Records} key hashes, {r.Item1.Removed} exact duplicates listed in {folder}")), ctx);
    }

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
        var folders = plan.Steps.Where(s => s.Descriptor.Name == FilterStep).Select(s => PathUtil.Resolve(plan.File.Directory, ((MinHashFilterOptions)s.Options).Removals))
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
        return Guarded(() => TaskSetGate.Pass([new TaskSetGroup("", 0, SignatureSet.Check(files))], "signature files", allowPartial, ctx)
            // global input order = (task index, order within the task): the clustering sorts the files by task index
            ? MinHashClustering.Run(files, Path.GetFullPath(output), threshold, bands, rows, threads, clusterFloor, ctx.CancellationToken) : null, r =>
        {
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine(string.Create(inv, $"{r.Documents} documents from {r.Tasks} task(s); {r.Bands} bands x {r.Rows} rows, threshold {r.Threshold}"));
            ctx.Out.WriteLine(string.Create(inv, $"{r.Removed} near duplicates in {r.Clusters} clusters; memory {r.PeakIndexBytes / 1e6:F1} MB ({(r.Documents == 0 ? 0 : r.PeakIndexBytes / (double)r.Documents):F0} bytes/document)"));
            Outputs(r, ctx);
        }, ctx);
    }

    private static void Outputs(ClusterResult r, CommandContext ctx)
    {
        ctx.Out.WriteLine($"removal lists: {string.Join(", ", r.RemovalLists)}");
        ctx.Out.WriteLine($"clusters: {r.ClusterTablePath}");
    }

    /// <summary>
    /// Runs a stage-2 step: <paramref name="work"/> returns null when a task-set check stopped it (exit 2); unreadable
    /// inputs and an exceeded memory budget are one error line and exit 1; a bad argument is a usage error.
    /// </summary>
    private static int Guarded<T>(Func<T?> work, Action<T> report, CommandContext ctx) where T : class
    {
        T? r;
        try
        {
            r = work();
        }
        catch (Exception ex) when (ex is InvalidDataException or MemoryBudgetExceededException)
        {
            ctx.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        if (r is null) return 2;
        report(r);
        return 0;
    }

    /// <summary>Documents the DAG's synthetic generators make (0 when its inputs are files: the count is then unknown before stage 1).</summary>
    public static long GeneratedDocuments(DagPlan plan) => plan.Steps.Sum(s => s.Options switch
    {
        Ingest.Synthetic.SyntheticWebOptions w => w.Count,
        Ingest.Synthetic.SyntheticWarcOptions w => w.Count,
        _ => 0L,
    });

    /// <summary>The folder the bucket tasks write their candidate edges to: output_dir/dedup/edges.</summary>
    public static string EdgesFolder(DagPlan plan) => Path.Combine(plan.File.OutputDir, "dedup", "edges");

    /// <summary>The signature files of a staged DAG, or an error (exit 2) when stage 1 has not written any.</summary>
    public static IReadOnlyList<string>? SignatureFiles(DagPlan plan, CommandContext ctx)
    {
        var files = Glob.ExpandAll(plan.File.Directory, SignaturePatterns(plan));
        if (files.Count == 0) ctx.Error.WriteLine($"error: no signature files under {plan.File.OutputDir}: run stage 1 first (pipeline run {plan.File.Path} --stage 1)");
        return files.Count == 0 ? null : files;
    }

    /// <summary>
    /// Stage 2a, one bucket task: checks the signature files form one complete task set (unless
    /// <paramref name="allowPartial"/>), then writes this share's candidate edges. Exit code 0, 1 (unreadable files,
    /// or over the memory budget), 2 (incomplete or foreign set).
    /// </summary>
    public static int Buckets(IReadOnlyList<string> files, string output, int share, int shares, long? memoryBudget, bool allowPartial, CommandContext ctx)
    {
        return Guarded(() => TaskSetGate.Pass([new TaskSetGroup("", 0, SignatureSet.Check(files))], "signature files", allowPartial, ctx)
            ? MinHashBuckets.Run(files, share, shares, Path.GetFullPath(output), memoryBudget, ctx.CancellationToken) : null, r =>
        {
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine(string.Create(inv, $"bucket task {r.Share} of {r.Shares}: {r.Records} records from {r.SignatureTasks} task(s) ({r.BytesRead / 1e6:F1} MB read), largest band share {r.LargestBandRecords}"));
            ctx.Out.WriteLine(string.Create(inv, $"{r.Buckets} buckets of 2 or more, {r.Edges} candidate edges ({r.BytesWritten / 1e6:F1} MB) -> {r.EdgesPath}; memory estimate {MinHashBuckets.Size(r.EstimatedBytes)}"));
        }, ctx);
    }

    /// <summary>Stage 2b: clusters the bucket tasks' edges (all of one bucket-task set, unless <paramref name="allowPartial"/>) into removal lists.</summary>
    public static int ClusterEdges(IReadOnlyList<string> signatureFiles, IReadOnlyList<string> edgeFiles, string output, bool allowPartial, double? clusterFloor,
        long? memoryBudget, int threads, CommandContext ctx)
    {
        return Guarded(() => TaskSetGate.Pass([new TaskSetGroup("", 0, SignatureSet.Check(signatureFiles))], "signature files", allowPartial, ctx)
            && TaskSetGate.Pass([new TaskSetGroup("", 0, SignatureSet.CheckEdges(edgeFiles))], "edge files of the bucket tasks", allowPartial, ctx)
            ? EdgeClustering.Run(signatureFiles, edgeFiles, Path.GetFullPath(output), clusterFloor, memoryBudget, threads, ctx.CancellationToken) : null, r =>
        {
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine(string.Create(inv, $"{r.Documents} documents from {r.Tasks} task(s); {r.Edges} candidate edges over {r.Candidates} documents, largest component {r.LargestComponent}"));
            ctx.Out.WriteLine(string.Create(inv, $"{r.Removed} near duplicates in {r.Clusters} clusters; memory estimate {MinHashBuckets.Size(r.PeakIndexBytes)}"));
            Outputs(r, ctx);
        }, ctx);
    }

    /// <summary>Stage 2 for a staged DAG: its signature files, into its removals folder.</summary>
    public static int Cluster(DagPlan plan, bool allowPartial, CommandContext ctx)
    {
        if (HasExact(plan))
        {
            int code = ExactBuckets(plan, 0, 1, null, allowPartial, ctx);
            if (code != 0 || !HasMinHash(plan)) return code;
        }
        if (SignatureFiles(plan, ctx) is not { } files) return 2;
        return Cluster(files, RemovalsFolder(plan), allowPartial, null, null, null, 0, null, ctx);
    }
}
