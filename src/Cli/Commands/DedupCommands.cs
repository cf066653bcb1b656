using System.CommandLine;
using Pipeline.Core.Documents;
using Pipeline.Core.Util;
using Pipeline.Dedup;
using Pipeline.Ingest.Html;
using Pipeline.Ingest.Synthetic;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Dedup.</summary>
internal static class DedupCommands
{
    public static IEnumerable<Command> All() =>
    [
        new CliCommand("dedup", "Staged MinHash and exact dedup across tasks") { Buckets(), Cluster(), Eval() },
    ];

    private static CliCommand Cluster()
    {
        var dag = CliOptions.Value<string?>("--dag", "STAGED.json", "Take the signature files and the output folder from a staged DAG (its signatures path under output_dir, its filter's removals folder)");
        var input = CliOptions.Many("--input", "GLOB", "Signature files written by dedup.minhash_signatures (every task of the run); may be repeated");
        var output = CliOptions.Value<string?>("--output", "DIR", "Writes DIR/removals[.task-NNNN].tsv for dedup.minhash_filter and DIR/clusters.parquet");
        var allowPartial = CliOptions.Flag("--allow-partial", "Cluster even when the files are not exactly tasks 0..N-1 of one task count and one DAG (otherwise exit 2, naming the missing and foreign files)");
        var threshold = CliOptions.Value<double?>("--threshold", "T", "Jaccard threshold (default: the value recorded in the signature files)");
        var bands = CliOptions.Value<int?>("--bands", "B", "LSH bands (default: recorded in the signature files)");
        var rows = CliOptions.Value<int?>("--rows", "R", "LSH rows per band (default: recorded in the signature files)");
        var floor = CliOptions.Value<double?>("--cluster-floor", "F", "The chaining guard of dedup.minhash (cluster_floor; default threshold - 0.1): give the same value as the streaming step for the same clusters");
        var threads = CliOptions.Value("--threads", "N", "Worker threads (0: one per core)", 0);
        var fromBuckets = CliOptions.Flag("--from-buckets", "With --dag: cluster the bucket tasks' candidate edges (after `pipeline dedup buckets`), reading only the candidates' signatures");
        var edges = CliOptions.Many("--edges", "GLOB", "With --input/--output: the bucket tasks' edge files (edges*.mhedg); bucket-sharded clustering");
        var memory = MemoryOption("Bucket-sharded clustering: exit 1 with a message instead of going over SIZE (e.g. 2G)");
        var command = new CliCommand("cluster", "Staged dedup, stage 2: cluster all tasks' MinHash signatures into per-task removal lists. " +
            "Candidates are verified by exact shingle Jaccard when the files carry fingerprints (dedup.minhash_signatures verify: exact, the default)")
        {
            dag, input, output, allowPartial, threshold, bands, rows, floor, threads, fromBuckets, edges, memory,
        };
        return command.Handle((r, ctx) =>
        {
            long? memoryBytes = ByteSize.Parse(r, memory);
            if (r.GetValue(dag) is { } dagPath)
            {
                var plan = CoreCommands.LoadPlan(dagPath, ctx);
                if (!r.GetValue(fromBuckets))
                {
                    if (memoryBytes is not null) throw new UsageException("--memory-per-task applies to the bucket-sharded clustering: add --from-buckets (after `pipeline dedup buckets`)");
                    return StagedDag.Cluster(plan, r.GetValue(allowPartial), ctx);
                }
                if (StagedDag.SignatureFiles(plan, ctx) is not { } sigs) return 2;
                var edgeFiles = Glob.ExpandAll(plan.File.Directory, [Path.Combine(StagedDag.EdgesFolder(plan), "edges*.mhedg")]);
                if (edgeFiles.Count == 0)
                {
                    ctx.Error.WriteLine($"error: no edge files in {StagedDag.EdgesFolder(plan)}: run the bucket tasks first (pipeline dedup buckets --dag {dagPath} --task-count M)");
                    return 2;
                }
                return StagedDag.ClusterEdges(sigs, edgeFiles, StagedDag.RemovalsFolder(plan), r.GetValue(allowPartial), null, memoryBytes, 0, ctx);
            }
            var patterns = r.GetValue(input) ?? [];
            if (patterns.Length == 0) throw new UsageException("option --input is required (signature files, e.g. out/run/dedup/signatures*.mhsig), or --dag STAGED.json");
            var outputDir = r.GetValue(output) ?? throw new UsageException("option --output is required");
            double? t = r.GetValue(threshold), f = r.GetValue(floor);
            int? b = r.GetValue(bands), rw = r.GetValue(rows);
            if (f is < 0 or > 1) throw new UsageException($"--cluster-floor must be between 0 and 1, got {f}");
            if (t is <= 0 or >= 1) throw new UsageException($"--threshold must be between 0 and 1, got {t}");
            if (b is < 1 || rw is < 1) throw new UsageException("--bands and --rows must be at least 1");
            var files = Glob.ExpandAll(Directory.GetCurrentDirectory(), patterns);
            if (files.Count == 0) throw new UsageException($"--input {string.Join(' ', patterns)} matches no files; run the signature stage (dedup.minhash_signatures) first");
            var edgePatterns = r.GetValue(edges) ?? [];
            if (edgePatterns.Length > 0)
            {
                if (t is not null || b is not null || rw is not null)
                    throw new UsageException("--threshold, --bands and --rows cannot change a bucket-sharded clustering: the bucket files were written with the signatures' own bands (rerun stage 1 with other options)");
                var edgeFiles = Glob.ExpandAll(Directory.GetCurrentDirectory(), edgePatterns);
                if (edgeFiles.Count == 0) throw new UsageException($"--edges {string.Join(' ', edgePatterns)} matches no files; run `pipeline dedup buckets` first");
                return StagedDag.ClusterEdges(files, edgeFiles, outputDir, r.GetValue(allowPartial), f, memoryBytes, r.GetValue(threads), ctx);
            }
            if (memoryBytes is not null) throw new UsageException("--memory-per-task applies to the bucket-sharded clustering (--edges); the single-process clustering holds every document's band hashes");
            return StagedDag.Cluster(files, outputDir, r.GetValue(allowPartial), t, b, rw, r.GetValue(threads), f, ctx);
        });
    }

    private const string PagesSet = "extraction-dev/pages";
    private const string DefaultReadability = "bench/peers/readability_texts.py";

    private static CliCommand Eval()
    {
        var synthetic = CliOptions.Value("--synthetic", "N", "N documents of ingest.synthetic_web (30% near duplicates, 5% exact; 0 = skip); truth: pairs of one synthetic cluster with exact 5-gram Jaccard >= threshold", 20000);
        var pagesOption = CliOptions.Value<string?>("--pages", "DIR", "The real dev set, each page extracted three ways: expected text, this project's extractor, readability-lxml (default " + DevDataFolder.Describe(PagesSet) + ", skipped with a note when absent)");
        var scriptOption = CliOptions.Value("--readability-script", "PY", "The readability-lxml peer script (left out with a note when absent)", DefaultReadability);
        var thresholdOption = CliOptions.Value("--threshold", "T", "Jaccard threshold", 0.8);
        var floorOption = CliOptions.Value<double?>("--cluster-floor", "F", "The chaining guard (default threshold - 0.1)");
        var command = new CliCommand("eval", "Near-duplicate P/R/F1 of dedup.minhash on synthetic near duplicates and on the real dev set (all pages and distinct pages, " +
            "each against exact-Jaccard truth and same-page truth), with the chaining guard: the largest cluster and its minimum pairwise exact similarity")
        {
            synthetic, pagesOption, scriptOption, thresholdOption, floorOption,
        };
        return command.Handle(async (r, ctx) =>
        {
            int count = r.GetValue(synthetic);
            var pages = r.GetValue(pagesOption);
            var script = r.GetValue(scriptOption) ?? DefaultReadability;
            double threshold = r.GetValue(thresholdOption);
            double? floor = r.GetValue(floorOption);
            if (count < 0) throw new UsageException($"--synthetic must be 0 or more, got {count}");
            if (threshold is <= 0 or >= 1) throw new UsageException($"--threshold must be between 0 and 1, got {threshold}");
            if (floor is < 0 or > 1) throw new UsageException($"--cluster-floor must be between 0 and 1, got {floor}");
            if (pages is not null && !Directory.Exists(pages)) throw new UsageException($"pages folder '{pages}' does not exist; pass --pages DIR (one folder per page with source.html and expected.html)");
            var options = new MinHashOptions { Threshold = threshold, ClusterFloor = floor };
            var ct = ctx.CancellationToken;
            if (count > 0)
            {
                var web = new SyntheticWebGenerator(new SyntheticWebOptions { Count = count, Seed = 2024, NearDuplicateRate = 0.3, ExactDuplicateRate = 0.05 });
                var docs = new Document[count];
                for (int i = 0; i < count; i++) docs[i] = web.Generate(i);
                ctx.Out.WriteLine($"synthetic ({count} documents): {await DedupEvaluation.SyntheticAsync(docs, options, ct)}");
            }
            pages ??= DevDataFolder.Of(PagesSet);
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
        });
    }

    private static Option<string?> MemoryOption(string description) => CliOptions.Value<string?>("--memory-per-task", "SIZE", description);

    private static CliCommand Buckets()
    {
        var dag = CliOptions.Value<string?>("--dag", "STAGED.json", "Take the signature files and the edges folder (output_dir/dedup/edges) from a staged DAG; with staged exact dedup, also write this share's exact-duplicate removal lists");
        var input = CliOptions.Many("--input", "GLOB", "Signature files written by dedup.minhash_signatures (their .mhbkt bucket files sit next to them); may be repeated");
        var output = CliOptions.Value<string?>("--output", "DIR", "Writes DIR/edges.bucket-KKKK.mhedg");
        var taskIndex = CliOptions.Value<string?>("--task-index", "K", "This bucket task's index; else SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX");
        var taskCount = CliOptions.Value<string?>("--task-count", "M", "The number of bucket tasks; else PIPELINE_TASK_COUNT");
        var memory = MemoryOption("A share that would need more stops with exit 1 before it allocates, naming how many bucket tasks would fit (e.g. 2G)");
        var allowPartial = CliOptions.Flag("--allow-partial", "Run even when the files are not exactly tasks 0..N-1 of one task count and one DAG (otherwise exit 2)");
        var command = new CliCommand("buckets", "Staged dedup, stage 2a: one bucket task of an array. Task K of M reads band hashes [K*2^64/M, (K+1)*2^64/M) " +
            "of every band from every stage-1 bucket file and writes the candidate edges of that share; then `pipeline dedup cluster --dag STAGED.json --from-buckets`")
        {
            dag, input, output, taskIndex, taskCount, memory, allowPartial,
        };
        return command.Handle((r, ctx) =>
        {
            bool partial = r.GetValue(allowPartial);
            var (share, shares) = TaskIdentity.Resolve(r.GetValue(taskIndex), r.GetValue(taskCount), Environment.GetEnvironmentVariable);
            long? memoryBytes = ByteSize.Parse(r, memory);
            IReadOnlyList<string> files;
            string outputDir;
            if (r.GetValue(dag) is { } dagPath)
            {
                var plan = CoreCommands.LoadPlan(dagPath, ctx);
                if (StagedDag.HasExact(plan))
                {
                    int code = StagedDag.ExactBuckets(plan, share, shares, memoryBytes, partial, ctx);
                    if (code != 0 || !StagedDag.HasMinHash(plan)) return code;
                }
                if (StagedDag.SignatureFiles(plan, ctx) is not { } found) return 2;
                files = found;
                outputDir = StagedDag.EdgesFolder(plan);
            }
            else
            {
                var patterns = r.GetValue(input) ?? [];
                if (patterns.Length == 0) throw new UsageException("option --input is required (signature files, e.g. out/run/dedup/signatures*.mhsig), or --dag STAGED.json");
                outputDir = r.GetValue(output) ?? throw new UsageException("option --output is required");
                files = Glob.ExpandAll(Directory.GetCurrentDirectory(), patterns.Select(p => p.EndsWith(".mhbkt", StringComparison.Ordinal) ? p[..^6] + ".mhsig" : p).ToList());
                if (files.Count == 0) throw new UsageException($"--input {string.Join(' ', patterns)} matches no files; run the signature stage (dedup.minhash_signatures) first");
            }
            return StagedDag.Buckets(files, outputDir, share, shares, memoryBytes, partial, ctx);
        });
    }
}
