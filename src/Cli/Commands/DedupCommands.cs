using Pipeline.Core.Documents;
using Pipeline.Core.Util;
using Pipeline.Dedup;
using Pipeline.Ingest.Html;
using Pipeline.Ingest.Synthetic;

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
        new("dedup eval", "Near-duplicate P/R/F1 of dedup.minhash on synthetic near duplicates and on the real dev set, with the chaining guard",
            "dedup eval [--synthetic N] [--pages DIR] [--readability-script PY] [--threshold T] [--cluster-floor F]\n" +
            "  --synthetic N: N documents of ingest.synthetic_web (30% near duplicates, 5% exact; default 20000, 0 = skip);\n" +
            "    truth: pairs of one synthetic cluster with exact 5-gram Jaccard >= threshold.\n" +
            "  --pages DIR: the real dev set, each page extracted three ways: expected text, this project's extractor,\n" +
            "    readability-lxml via PY (default " + DefaultReadability + "; left out with a note when absent)\n" +
            "    (default " + DefaultPages + ", skipped with a note when absent). Scored twice: all pages and distinct\n" +
            "    pages (pages sharing a body left out), each against exact-Jaccard truth (any pages) and same-page truth.\n" +
            "  Figures: P (removals whose match is a truth partner), R (truth pairs in one cluster), F1, cluster-pair P/F1,\n" +
            "  cross-page pairs, and the chaining guard: the largest cluster and its minimum pairwise exact similarity.",
            new HashSet<string>(), EvalAsync),
    ];

    private const string DefaultPages = "../shared/data/extraction-dev/pages";
    private const string DefaultReadability = "bench/peers/readability_texts.py";

    private static async Task<int> EvalAsync(CliArgs args, CommandContext ctx)
    {
        int synthetic = args.GetInt("synthetic", 20000);
        var pages = args.Get("pages");
        var script = args.Get("readability-script") ?? DefaultReadability;
        double threshold = args.GetDouble("threshold", 0.8);
        double? floor = args.Get("cluster-floor") is null ? null : args.GetDouble("cluster-floor", 0.7);
        args.RejectUnknown();
        if (synthetic < 0) throw new UsageException($"--synthetic must be 0 or more, got {synthetic}");
        if (threshold is <= 0 or >= 1) throw new UsageException($"--threshold must be between 0 and 1, got {threshold}");
        if (floor is < 0 or > 1) throw new UsageException($"--cluster-floor must be between 0 and 1, got {floor}");
        if (pages is not null && !Directory.Exists(pages)) throw new UsageException($"pages folder '{pages}' does not exist; pass --pages DIR (one folder per page with source.html and expected.html)");
        var options = new MinHashOptions { Threshold = threshold, ClusterFloor = floor };
        var ct = ctx.CancellationToken;
        if (synthetic > 0)
        {
            var web = new SyntheticWebGenerator(new SyntheticWebOptions { Count = synthetic, Seed = 2024, NearDuplicateRate = 0.3, ExactDuplicateRate = 0.05 });
            var docs = new Document[synthetic];
            for (int i = 0; i < synthetic; i++) docs[i] = web.Generate(i);
            ctx.Out.WriteLine($"synthetic ({synthetic} documents): {await DedupEvaluation.SyntheticAsync(docs, options, ct)}");
        }
        pages ??= DefaultPages;
        if (!Directory.Exists(pages))
        {
            ctx.Out.WriteLine($"skipped: dev set folder '{pages}' is absent");
            return 0;
        }
        var readability = NearDupDevSet.ReadabilityTexts(script, pages, out var why);
        if (readability is null) ctx.Out.WriteLine($"readability-lxml variant left out: {why}");
        foreach (var (set, distinct) in new[] { ("all pages", false), ("distinct pages", true) })
        {
            var docs = NearDupDevSet.Build(pages, ExtractionEval.ExtractText, ExtractionEval.AllText, readability, distinct);
            var (exact, samePage) = await DedupEvaluation.DevSetAsync(docs, options, ct);
            ctx.Out.WriteLine($"dev set, {set} ({docs.Count} documents), exact-Jaccard truth: {exact}");
            ctx.Out.WriteLine($"dev set, {set} ({docs.Count} documents), same-page truth: {samePage}; same-page pairs below the threshold {DedupEvaluation.PairsBelow(samePage, threshold)} of {samePage.TruthPairs}");
        }
        return 0;
    }

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
