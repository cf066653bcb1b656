using Pipeline.Core.Util;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Dedup.</summary>
internal static class DedupCommands
{
    public static IEnumerable<CliCommand> All() =>
    [
        new("dedup cluster", "Staged dedup, stage 2: cluster all tasks' MinHash signatures into per-task removal lists",
            "dedup cluster (--dag STAGED.json | --input GLOB [--input GLOB ...] --output DIR) [--allow-partial] [--threshold T] [--bands B --rows R]\n" +
            "      [--cluster-floor F] [--threads N]\n" +
            "  Reads the signature files written by dedup.minhash_signatures (every task of the run), writes\n" +
            "  DIR/removals[.task-NNNN].tsv for dedup.minhash_filter and DIR/clusters.parquet. --dag takes the files and DIR\n" +
            "  from a staged DAG (its signatures path under output_dir, its filter's removals folder).\n" +
            "  The files must be exactly tasks 0..N-1 of one task count and one DAG (their headers say which): otherwise exit 2,\n" +
            "  naming the missing and foreign files, unless --allow-partial.\n" +
            "  Threshold, bands and rows default to the values recorded in the signature files; candidates are verified by\n" +
            "  exact shingle Jaccard when the files carry fingerprints (dedup.minhash_signatures verify: exact, the default).\n" +
            "  --cluster-floor: the chaining guard of dedup.minhash (cluster_floor; default threshold - 0.1): give the same value\n" +
            "  as the streaming step for the same clusters.",
            new HashSet<string> { "allow-partial" }, ClusterAsync),
    ];

    private static Task<int> ClusterAsync(CliArgs args, CommandContext ctx)
    {
        bool allowPartial = args.Has("allow-partial");
        if (args.Get("dag") is { } dag)
        {
            args.RejectUnknown();
            return Task.FromResult(StagedDag.Cluster(CoreCommands.LoadPlan(dag, ctx), allowPartial, ctx));
        }
        var patterns = args.GetAll("input");
        if (patterns.Count == 0) throw new UsageException("option --input is required (signature files, e.g. out/run/dedup/signatures*.mhsig), or --dag STAGED.json");
        var output = args.Require("output");
        double? threshold = args.Get("threshold") is null ? null : args.GetDouble("threshold", 0.8);
        int? bands = args.Get("bands") is null ? null : args.GetInt("bands", 0);
        int? rows = args.Get("rows") is null ? null : args.GetInt("rows", 0);
        int threads = args.GetInt("threads", 0);
        double? floor = args.Get("cluster-floor") is null ? null : args.GetDouble("cluster-floor", 0.7);
        args.RejectUnknown();
        if (floor is < 0 or > 1) throw new UsageException($"--cluster-floor must be between 0 and 1, got {floor}");
        if (threshold is <= 0 or >= 1) throw new UsageException($"--threshold must be between 0 and 1, got {threshold}");
        if (bands is < 1 || rows is < 1) throw new UsageException("--bands and --rows must be at least 1");
        var files = Glob.ExpandAll(Directory.GetCurrentDirectory(), patterns);
        if (files.Count == 0) throw new UsageException($"--input {string.Join(' ', patterns)} matches no files; run the signature stage (dedup.minhash_signatures) first");
        return Task.FromResult(StagedDag.Cluster(files, output, allowPartial, threshold, bands, rows, threads, floor, ctx));
    }
}
