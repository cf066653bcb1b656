using System.CommandLine;
using Pipeline.Core.Util;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Dedup.</summary>
internal static class DedupCommands
{
    public static IEnumerable<Command> All() =>
    [
        new CliCommand("dedup", "Staged MinHash dedup across tasks") { Cluster() },
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
        var command = new CliCommand("cluster", "Staged dedup, stage 2: cluster all tasks' MinHash signatures into per-task removal lists. " +
            "Candidates are verified by exact shingle Jaccard when the files carry fingerprints (dedup.minhash_signatures verify: exact, the default)")
        {
            dag, input, output, allowPartial, threshold, bands, rows, floor, threads,
        };
        return command.Handle((r, ctx) =>
        {
            if (r.GetValue(dag) is { } dagPath)
                return StagedDag.Cluster(CoreCommands.LoadPlan(dagPath, ctx), r.GetValue(allowPartial), ctx);
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
            return StagedDag.Cluster(files, outputDir, r.GetValue(allowPartial), t, b, rw, r.GetValue(threads), f, ctx);
        });
    }
}
