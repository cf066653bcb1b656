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
            "  as the streaming step for the same clusters.\n" +
            "  Bucket-sharded (after `pipeline dedup buckets`): --dag STAGED.json --from-buckets, or --input GLOB --edges GLOB\n" +
            "  --output DIR, clusters the bucket tasks' candidate edges and reads only the candidates' signatures; memory grows\n" +
            "  with the near-duplicate candidates, not the documents. --memory-per-task SIZE (e.g. 2G): exit 1 with a message\n" +
            "  instead of going over it.",
            new HashSet<string> { "allow-partial", "from-buckets" }, ClusterAsync),
        new("dedup buckets", "Staged dedup, stage 2a: one bucket task of an array: candidate edges of its share of the LSH buckets",
            "dedup buckets (--dag STAGED.json | --input GLOB [--input GLOB ...] --output DIR) [--task-index K] [--task-count M]\n" +
            "      [--memory-per-task SIZE] [--allow-partial]\n" +
            "  Task K of M reads band hashes [K*2^64/M, (K+1)*2^64/M) of every band from every stage-1 bucket file (.mhbkt,\n" +
            "  written next to each signature file) and writes DIR/edges.bucket-KKKK.mhedg (--dag: output_dir/dedup/edges).\n" +
            "  Index and count as for `pipeline run` (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PIPELINE_TASK_COUNT).\n" +
            "  A DAG with staged exact dedup (dedup.exact_hashes + dedup.exact_filter): the same task also takes key hashes\n" +
            "  [K*2^64/M, (K+1)*2^64/M) of every task's hash file and writes the exact-duplicate removal lists (first occurrence\n" +
            "  in global input order kept) into the filter's removals folder.\n" +
            "  --memory-per-task SIZE (e.g. 2G): a share that would need more stops with exit 1 before it allocates, naming\n" +
            "  how many bucket tasks would fit. Then `pipeline dedup cluster --dag STAGED.json --from-buckets`.",
            new HashSet<string> { "allow-partial" }, BucketsAsync),
    ];

    private static long? MemoryOption(CliArgs args) => args.Get("memory-per-task") is { } m ? ByteSize.Parse(m, "--memory-per-task") : null;

    private static Task<int> BucketsAsync(CliArgs args, CommandContext ctx)
    {
        bool allowPartial = args.Has("allow-partial");
        var (share, shares) = TaskIdentity.Resolve(args.Get("task-index"), args.Get("task-count"), Environment.GetEnvironmentVariable);
        long? memory = MemoryOption(args);
        IReadOnlyList<string> files;
        string output;
        if (args.Get("dag") is { } dag)
        {
            args.RejectUnknown();
            var plan = CoreCommands.LoadPlan(dag, ctx);
            if (StagedDag.HasExact(plan))
            {
                int code = StagedDag.ExactBuckets(plan, share, shares, memory, allowPartial, ctx);
                if (code != 0 || !StagedDag.HasMinHash(plan)) return Task.FromResult(code);
            }
            if (StagedDag.SignatureFiles(plan, ctx) is not { } found) return Task.FromResult(2);
            files = found;
            output = StagedDag.EdgesFolder(plan);
        }
        else
        {
            var patterns = args.GetAll("input");
            if (patterns.Count == 0) throw new UsageException("option --input is required (signature files, e.g. out/run/dedup/signatures*.mhsig), or --dag STAGED.json");
            output = args.Require("output");
            args.RejectUnknown();
            files = Glob.ExpandAll(Directory.GetCurrentDirectory(), patterns.Select(p => p.EndsWith(".mhbkt", StringComparison.Ordinal) ? p[..^6] + ".mhsig" : p).ToList());
            if (files.Count == 0) throw new UsageException($"--input {string.Join(' ', patterns)} matches no files; run the signature stage (dedup.minhash_signatures) first");
        }
        return Task.FromResult(StagedDag.Buckets(files, output, share, shares, memory, allowPartial, ctx));
    }

    private static Task<int> ClusterAsync(CliArgs args, CommandContext ctx)
    {
        bool allowPartial = args.Has("allow-partial");
        long? memory = MemoryOption(args);
        if (args.Get("dag") is { } dag)
        {
            bool fromBuckets = args.Has("from-buckets");
            args.RejectUnknown();
            var plan = CoreCommands.LoadPlan(dag, ctx);
            if (!fromBuckets)
            {
                if (memory is not null) throw new UsageException("--memory-per-task applies to the bucket-sharded clustering: add --from-buckets (after `pipeline dedup buckets`)");
                return Task.FromResult(StagedDag.Cluster(plan, allowPartial, ctx));
            }
            if (StagedDag.SignatureFiles(plan, ctx) is not { } sigs) return Task.FromResult(2);
            var edges = Glob.ExpandAll(plan.File.Directory, [Path.Combine(StagedDag.EdgesFolder(plan), "edges*.mhedg")]);
            if (edges.Count == 0)
            {
                ctx.Error.WriteLine($"error: no edge files in {StagedDag.EdgesFolder(plan)}: run the bucket tasks first (pipeline dedup buckets --dag {dag} --task-count M)");
                return Task.FromResult(2);
            }
            return Task.FromResult(StagedDag.ClusterEdges(sigs, edges, StagedDag.RemovalsFolder(plan), allowPartial, null, memory, 0, ctx));
        }
        var patterns = args.GetAll("input");
        if (patterns.Count == 0) throw new UsageException("option --input is required (signature files, e.g. out/run/dedup/signatures*.mhsig), or --dag STAGED.json");
        var output = args.Require("output");
        double? threshold = args.Get("threshold") is null ? null : args.GetDouble("threshold", 0.8);
        int? bands = args.Get("bands") is null ? null : args.GetInt("bands", 0);
        int? rows = args.Get("rows") is null ? null : args.GetInt("rows", 0);
        int threads = args.GetInt("threads", 0);
        double? floor = args.Get("cluster-floor") is null ? null : args.GetDouble("cluster-floor", 0.7);
        var edgePatterns = args.GetAll("edges");
        args.RejectUnknown();
        if (floor is < 0 or > 1) throw new UsageException($"--cluster-floor must be between 0 and 1, got {floor}");
        if (threshold is <= 0 or >= 1) throw new UsageException($"--threshold must be between 0 and 1, got {threshold}");
        if (bands is < 1 || rows is < 1) throw new UsageException("--bands and --rows must be at least 1");
        var files = Glob.ExpandAll(Directory.GetCurrentDirectory(), patterns);
        if (files.Count == 0) throw new UsageException($"--input {string.Join(' ', patterns)} matches no files; run the signature stage (dedup.minhash_signatures) first");
        if (edgePatterns.Count > 0)
        {
            if (threshold is not null || bands is not null || rows is not null)
                throw new UsageException("--threshold, --bands and --rows cannot change a bucket-sharded clustering: the bucket files were written with the signatures' own bands (rerun stage 1 with other options)");
            var edgeFiles = Glob.ExpandAll(Directory.GetCurrentDirectory(), edgePatterns);
            if (edgeFiles.Count == 0) throw new UsageException($"--edges {string.Join(' ', edgePatterns)} matches no files; run `pipeline dedup buckets` first");
            return Task.FromResult(StagedDag.ClusterEdges(files, edgeFiles, output, allowPartial, floor, memory, threads, ctx));
        }
        if (memory is not null) throw new UsageException("--memory-per-task applies to the bucket-sharded clustering (--edges); the single-process clustering holds every document's band hashes");
        return Task.FromResult(StagedDag.Cluster(files, output, allowPartial, threshold, bands, rows, threads, floor, ctx));
    }
}
