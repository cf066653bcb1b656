using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>Task identity, task-set checks, staged runs over any task count, submit.</summary>
public sealed class SchedulerCommandsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var d = vars.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return k => d.GetValueOrDefault(k);
    }

    private static (string, string)[] SlurmArray(int id, int min, int max, int count, int step = 1) =>
    [
        ("SLURM_ARRAY_TASK_ID", id.ToString(CultureInfo.InvariantCulture)), ("SLURM_ARRAY_TASK_MIN", min.ToString(CultureInfo.InvariantCulture)),
        ("SLURM_ARRAY_TASK_MAX", max.ToString(CultureInfo.InvariantCulture)), ("SLURM_ARRAY_TASK_COUNT", count.ToString(CultureInfo.InvariantCulture)),
        ("SLURM_ARRAY_TASK_STEP", step.ToString(CultureInfo.InvariantCulture)),
    ];

    [Fact]
    public void TaskIdentity_SlurmRerunOfOneIndexWithCount_IsThatIndex()
    {
        // sbatch --array=2 --wrap 'pipeline run DAG --task-count 4': ID=2, MIN=MAX=2, COUNT=1
        Assert.Equal((2, 4), TaskIdentity.Resolve(null, "4", Env(SlurmArray(2, 2, 2, 1))));
        // stepped and sparse arrays: the index is the array id
        Assert.Equal((4, 7), TaskIdentity.Resolve(null, "7", Env(SlurmArray(4, 0, 6, 4, step: 2))));
        Assert.Equal((5, 6), TaskIdentity.Resolve(null, null, Env([.. SlurmArray(5, 0, 5, 3), ("PIPELINE_TASK_COUNT", "6")])));
        // a dense 0..N-1 array needs no count
        Assert.Equal((3, 4), TaskIdentity.Resolve(null, null, Env(SlurmArray(3, 0, 3, 4))));
    }

    [Fact]
    public void TaskIdentity_SlurmRerunOfOneIndexWithoutCount_RefusesNamingTheFix()
    {
        var ex = Assert.Throws<UsageException>(() => TaskIdentity.Resolve(null, null, Env(SlurmArray(2, 2, 2, 1))));
        Assert.Contains("--task-count", ex.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => TaskIdentity.Resolve(null, null, Env(SlurmArray(2, 0, 6, 4, step: 2))));
        Assert.Throws<UsageException>(() => TaskIdentity.Resolve(null, "4", Env(SlurmArray(4, 4, 4, 1))));
    }

    [Fact]
    public void TaskIdentity_JobCompletionIndex_RequiresACountForEveryPod()
    {
        foreach (var i in new[] { "0", "1", "3" })
        {
            var ex = Assert.Throws<UsageException>(() => TaskIdentity.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", i))));
            Assert.Contains("PIPELINE_TASK_COUNT", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal((3, 4), TaskIdentity.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", "3"), ("PIPELINE_TASK_COUNT", "4"))));
        Assert.Equal((0, 4), TaskIdentity.Resolve(null, "4", Env(("JOB_COMPLETION_INDEX", "0"))));
        Assert.Throws<UsageException>(() => TaskIdentity.Resolve(null, "4", Env()));
        Assert.Equal((0, 1), TaskIdentity.Resolve(null, null, Env()));
    }

    /// <summary>Writes <paramref name="files"/> WARC inputs (generated) under dir/inputs.</summary>
    private static async Task WriteInputsAsync(TempDir dir, int files, int pages)
    {
        File.WriteAllText(dir.File("gen.json"), $$"""
            { "name": "gen", "output_dir": "inputs", "ledger": false, "steps": [
              { "id": "w", "uses": "ingest.synthetic_warc", "with": { "count": {{pages}}, "seed": 11, "domains": 3, "min_words": 60, "max_words": 160, "path": "crawl.warc.gz" } } ] }
            """);
        for (int i = 0; i < files; i++)
        {
            var (code, _, err) = await CliRunner.RunAsync("run", dir.File("gen.json"), "--task-index", $"{i}", "--task-count", $"{files}", "--quiet");
            Assert.True(code == 0, err);
        }
    }

    private static string StagedDag(string outputDir) => $$"""
        { "name": "staged", "output_dir": "{{outputDir}}", "steps": [
          { "id": "crawl", "uses": "ingest.warc", "with": { "paths": ["inputs/*.warc.gz"] } },
          { "id": "text", "uses": "ingest.html_text", "needs": ["crawl"] },
          { "id": "quality", "uses": "filters.gopher_quality", "needs": ["text"] },
          { "id": "rejected", "uses": "sink.jsonl", "needs": ["quality.rejected"], "with": { "path": "rejected.jsonl" } },
          { "id": "sigs", "uses": "dedup.minhash_signatures", "needs": ["quality"] },
          { "id": "dedup", "uses": "dedup.minhash_filter", "needs": ["quality"], "with": { "removals": "{{outputDir}}/clusters" } },
          { "id": "kept", "uses": "sink.jsonl", "needs": ["dedup"], "with": { "path": "kept.jsonl" } },
          { "id": "dups", "uses": "sink.jsonl", "needs": ["dedup.rejected"], "with": { "path": "dups.jsonl" } }
        ] }
        """;

    private static List<string> Lines(string folder, string stem) =>
        Directory.GetFiles(folder, stem + "*.jsonl").SelectMany(File.ReadLines).Order(StringComparer.Ordinal).ToList();

    private static List<string> Ids(List<string> lines) => lines.Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    /// <summary>Stage 1 in <paramref name="n"/> tasks, stage 2 (one clustering job, or <paramref name="buckets"/> bucket tasks and the edge clustering), stage 3.</summary>
    private static async Task RunTasksAsync(string dag, int n, int buckets = 0)
    {
        foreach (var stage in new[] { "1", "3" })
        {
            if (stage == "3" && buckets == 0)
            {
                var (cc, _, cerr) = await CliRunner.RunAsync("dedup", "cluster", "--dag", dag);
                Assert.True(cc == 0, cerr);
            }
            else if (stage == "3")
            {
                for (int k = 0; k < buckets; k++)
                {
                    var (bc, _, berr) = await CliRunner.RunAsync("dedup", "buckets", "--dag", dag, "--task-index", $"{k}", "--task-count", $"{buckets}", "--memory-per-task", "2G");
                    Assert.True(bc == 0, berr);
                }
                var (cc, cout, cerr) = await CliRunner.RunAsync("dedup", "cluster", "--dag", dag, "--from-buckets", "--memory-per-task", "2G");
                Assert.True(cc == 0, cerr);
                Assert.Contains("candidate edges over", cout, StringComparison.Ordinal);
            }
            for (int i = 0; i < n; i++)
            {
                var (code, _, err) = await CliRunner.RunAsync("run", dag, "--stage", stage, "--task-index", $"{i}", "--task-count", $"{n}", "--quiet");
                Assert.True(code == 0, err);
            }
        }
    }

    [Fact]
    public async Task Staged_FileInputsAnyTaskCount_SameSurvivorsAndOutputsAsSingleProcess()
    {
        using var dir = new TempDir();
        await WriteInputsAsync(dir, 12, 360);
        File.WriteAllText(dir.File("single.json"), StagedDag("out/single"));
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("single.json"), "--quiet");
        Assert.True(code == 0, err);
        var single = dir.File("out/single");
        var kept = Lines(single, "kept");
        var dups = Lines(single, "dups");
        var rejected = Lines(single, "rejected");
        Assert.NotEmpty(dups);
        Assert.NotEmpty(rejected);
        foreach (var (n, buckets) in new[] { (1, 0), (3, 3), (4, 1), (10, 7) })
        {
            var name = $"n{n}.json";
            File.WriteAllText(dir.File(name), StagedDag($"out/n{n}"));
            await RunTasksAsync(dir.File(name), n, buckets);
            var o = dir.File($"out/n{n}");
            Assert.Equal(Ids(kept), Ids(Lines(o, "kept")));
            Assert.Equal(kept, Lines(o, "kept"));
            Assert.Equal(dups, Lines(o, "dups"));
            Assert.Equal(rejected, Lines(o, "rejected"));
        }
    }

    [Fact]
    public async Task DedupClusterAndMerges_IncompleteOrForeignTaskSet_Exit2NamingIt()
    {
        using var dir = new TempDir();
        await WriteInputsAsync(dir, 4, 120);
        File.WriteAllText(dir.File("s.json"), StagedDag("out/s"));
        for (int i = 0; i < 4; i++)
            Assert.Equal(0, (await CliRunner.RunAsync("run", dir.File("s.json"), "--stage", "1", "--task-index", $"{i}", "--task-count", "4", "--quiet")).Code);
        var sigs = dir.File("out/s/dedup");
        var three = Directory.GetFiles(sigs, "*.mhsig").Order(StringComparer.Ordinal).Take(3).ToArray();

        // 3 of 4 signature files
        var (code, _, err) = await CliRunner.RunAsync(["dedup", "cluster", "--output", dir.File("c3"), .. three.SelectMany(f => new[] { "--input", f })]);
        Assert.Equal(2, code);
        Assert.Contains("missing task(s) 3", err, StringComparison.Ordinal);
        (code, _, err) = await CliRunner.RunAsync(["dedup", "cluster", "--output", dir.File("c3"), "--allow-partial", .. three.SelectMany(f => new[] { "--input", f })]);
        Assert.True(code == 0, err);

        // a 2-task run of another DAG written into the same folder's signature names
        File.WriteAllText(dir.File("two.json"), StagedDag("out/two"));
        for (int i = 0; i < 2; i++)
            Assert.Equal(0, (await CliRunner.RunAsync("run", dir.File("two.json"), "--stage", "1", "--task-index", $"{i}", "--task-count", "2", "--quiet")).Code);
        File.Copy(dir.File("out/two/dedup/signatures.task-0000.mhsig"), dir.File("out/s/dedup/signatures.task-0000.old.mhsig"));
        (code, _, err) = await CliRunner.RunAsync("dedup", "cluster", "--dag", dir.File("s.json"));
        Assert.Equal(2, code);
        Assert.Contains("foreign", err, StringComparison.Ordinal);
        Assert.Contains("task 0 of 2", err, StringComparison.Ordinal);
        File.Delete(dir.File("out/s/dedup/signatures.task-0000.old.mhsig"));
        (code, _, err) = await CliRunner.RunAsync("dedup", "cluster", "--dag", dir.File("s.json"));
        Assert.True(code == 0, err);

        // ledgers: 3 of 4, and a ledger of the other run
        var ledgers = Directory.GetFiles(dir.File("out/s"), "provenance.stage1.task-*.duckdb").Order(StringComparer.Ordinal).ToArray();
        (code, _, err) = await CliRunner.RunAsync(["provenance", "merge", "--output", dir.File("m.duckdb"), .. ledgers[..3]]);
        Assert.Equal(2, code);
        Assert.Contains("missing task(s) 3", err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.duckdb")));
        (code, _, err) = await CliRunner.RunAsync(["provenance", "merge", "--output", dir.File("m.duckdb"), .. ledgers, dir.File("out/two/provenance.stage1.task-0001.duckdb")]);
        Assert.Equal(2, code);
        Assert.Contains("task 1 of 2", err, StringComparison.Ordinal);
        // the four, with the ledger of a differently named DAG (curation + training ledgers are merged on purpose)
        File.WriteAllText(dir.File("other.json"), """
            { "name": "other", "output_dir": "out/other", "steps": [
              { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 5 } },
              { "id": "o", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "o.jsonl" } } ] }
            """);
        Assert.Equal(0, (await CliRunner.RunAsync("run", dir.File("other.json"), "--quiet")).Code);
        (code, _, err) = await CliRunner.RunAsync(["provenance", "merge", "--output", dir.File("m.duckdb"), .. ledgers, dir.File("out/other/provenance.duckdb")]);
        Assert.True(code == 0, err);

        // stats
        var stats = Directory.GetFiles(dir.File("out/s"), "stats.stage1.task-*.json").Order(StringComparer.Ordinal).ToArray();
        (code, _, err) = await CliRunner.RunAsync(["stats", "merge", "--output", dir.File("stats.json"), .. stats[1..]]);
        Assert.Equal(2, code);
        Assert.Contains("missing task(s) 0", err, StringComparison.Ordinal);
        (code, _, err) = await CliRunner.RunAsync(["stats", "merge", "--output", dir.File("stats.json"), .. stats]);
        Assert.True(code == 0, err);
    }

    private static string ExactAndNearDag(string outputDir) => $$"""
        { "name": "both", "output_dir": "{{outputDir}}", "ledger": false, "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 900, "seed": 5, "near_duplicate_rate": 0.2, "exact_duplicate_rate": 0.1 } },
          { "id": "hashes", "uses": "dedup.exact_hashes", "needs": ["web"] },
          { "id": "exact", "uses": "dedup.exact_filter", "needs": ["web"], "with": { "removals": "{{outputDir}}/exact" } },
          { "id": "sigs", "uses": "dedup.minhash_signatures", "needs": ["web"] },
          { "id": "near", "uses": "dedup.minhash_filter", "needs": ["exact"], "with": { "removals": "{{outputDir}}/clusters" } },
          { "id": "kept", "uses": "sink.jsonl", "needs": ["near"], "with": { "path": "kept.jsonl" } },
          { "id": "copies", "uses": "sink.jsonl", "needs": ["exact.rejected"], "with": { "path": "copies.jsonl" } },
          { "id": "dups", "uses": "sink.jsonl", "needs": ["near.rejected"], "with": { "path": "dups.jsonl" } }
        ] }
        """;

    [Fact]
    public async Task StagedExactThenNear_TasksAndBucketTasks_SameOutputsAsOneProcessAndAsDedupExact()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("single.json"), ExactAndNearDag("out/single"));
        var (code, _, err) = await CliRunner.RunAsync("run", dir.File("single.json"), "--quiet");
        Assert.True(code == 0, err);
        // the same chain with dedup.exact and dedup.minhash in one process: the staged steps drop the same documents
        File.WriteAllText(dir.File("plain.json"), ExactAndNearDag("out/plain")
            .Replace("""{ "id": "hashes", "uses": "dedup.exact_hashes", "needs": ["web"] },""", "", StringComparison.Ordinal)
            .Replace("""{ "id": "sigs", "uses": "dedup.minhash_signatures", "needs": ["web"] },""", "", StringComparison.Ordinal)
            .Replace("""{ "id": "exact", "uses": "dedup.exact_filter", "needs": ["web"], "with": { "removals": "out/plain/exact" } }""",
                """{ "id": "exact", "uses": "dedup.exact", "needs": ["web"] }""", StringComparison.Ordinal)
            .Replace("""{ "id": "near", "uses": "dedup.minhash_filter", "needs": ["exact"], "with": { "removals": "out/plain/clusters" } }""",
                """{ "id": "near", "uses": "dedup.minhash", "needs": ["exact"] }""", StringComparison.Ordinal));
        (code, _, err) = await CliRunner.RunAsync("run", dir.File("plain.json"), "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(Ids(Lines(dir.File("out/plain"), "kept")), Ids(Lines(dir.File("out/single"), "kept")));
        Assert.Equal(Lines(dir.File("out/plain"), "dups"), Lines(dir.File("out/single"), "dups"));
        var copies = Lines(dir.File("out/single"), "copies");
        Assert.True(copies.Count > 50, $"{copies.Count} exact copies");
        Assert.Equal(Lines(dir.File("out/plain"), "copies"), copies);
        File.WriteAllText(dir.File("n3.json"), ExactAndNearDag("out/n3"));
        await RunTasksAsync(dir.File("n3.json"), 3, buckets: 2);
        foreach (var stem in new[] { "kept", "copies", "dups" })
            Assert.Equal(Lines(dir.File("out/single"), stem), Lines(dir.File("out/n3"), stem));
    }

    [Fact]
    public async Task DedupBuckets_ShareOverMemoryPerTask_Exit1WithMessageAndNoEdgeFile()
    {
        using var dir = new TempDir();
        await WriteInputsAsync(dir, 2, 60);
        File.WriteAllText(dir.File("s.json"), StagedDag("out/s"));
        for (int i = 0; i < 2; i++)
        {
            var (c1, _, e1) = await CliRunner.RunAsync("run", dir.File("s.json"), "--stage", "1", "--task-index", $"{i}", "--task-count", "2", "--quiet");
            Assert.True(c1 == 0, e1);
        }
        // 96M is the baseline a task needs to start: nothing is left for its records
        var (code, _, err) = await CliRunner.RunAsync("dedup", "buckets", "--dag", dir.File("s.json"), "--task-index", "0", "--task-count", "1", "--memory-per-task", "96M");
        Assert.Equal(1, code);
        Assert.Contains("error: bucket task 0 of 1 needs about", err, StringComparison.Ordinal);
        Assert.Contains("more than its memory budget of 96 MB", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out/s/dedup/edges")));
        (code, _, err) = await CliRunner.RunAsync("dedup", "buckets", "--dag", dir.File("s.json"), "--task-count", "1", "--memory-per-task", "lots");
        Assert.Equal(2, code);
        Assert.Contains("--memory-per-task expects a size", err, StringComparison.Ordinal);
        // the edge clustering refuses an incomplete bucket-task set (task 1 of 2 missing)
        (code, _, err) = await CliRunner.RunAsync("dedup", "buckets", "--dag", dir.File("s.json"), "--task-index", "0", "--task-count", "2");
        Assert.True(code == 0, err);
        (code, _, err) = await CliRunner.RunAsync("dedup", "cluster", "--dag", dir.File("s.json"), "--from-buckets");
        Assert.Equal(2, code);
        Assert.Contains("edge files of the bucket tasks", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitSlurmAndK8s_DryRun_WriteChainedScriptsAndIndexedJobs()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("inputs"));
        File.WriteAllText(dir.File("inputs/a.warc.gz"), "");
        File.WriteAllText(dir.File("s.json"), StagedDag("out/s"));
        var (code, stdout, err) = await CliRunner.RunAsync("submit", "slurm", dir.File("s.json"), "--tasks", "4", "--dry-run", "--pipeline", "/opt/pipeline",
            "--memory-per-task", "2G", "--documents", "1000000000");
        Assert.True(code == 0, err);
        var submit = dir.File("out/s/_submit");
        Assert.Equal(["buckets.sbatch", "cluster.sbatch", "merge.sbatch", "stage1.sbatch", "stage3.sbatch"], Directory.GetFiles(submit).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // the bucket array: as many tasks as 1e9 documents need at 2 GB each, with that memory requested and enforced
        int m = Dedup.MinHashBuckets.TasksFor(1_000_000_000, 2L << 30);
        Assert.True(m > 4);
        var buckets = File.ReadAllText(Path.Combine(submit, "buckets.sbatch"));
        Assert.Contains($"#SBATCH --array=0-{m - 1}", buckets, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --mem=2048M", buckets, StringComparison.Ordinal);
        Assert.Contains($"dedup buckets --dag {dir.File("s.json")} --task-count {m} --memory-per-task 2048M", buckets, StringComparison.Ordinal);
        Assert.Contains("--from-buckets --memory-per-task 2048M", File.ReadAllText(Path.Combine(submit, "cluster.sbatch")), StringComparison.Ordinal);
        var stage1 = File.ReadAllText(Path.Combine(submit, "stage1.sbatch"));
        Assert.Contains("#SBATCH --array=0-3", stage1, StringComparison.Ordinal);
        Assert.Contains($"#SBATCH --output={dir.File("out/s/_logs/stage1/task-%a.log")}", stage1, StringComparison.Ordinal);
        Assert.Contains($"/opt/pipeline run {dir.File("s.json")} --stage 1 --task-count 4", stage1, StringComparison.Ordinal);
        Assert.Contains($"dedup cluster --dag {dir.File("s.json")}", File.ReadAllText(Path.Combine(submit, "cluster.sbatch")), StringComparison.Ordinal);
        var merge = File.ReadAllText(Path.Combine(submit, "merge.sbatch"));
        Assert.Contains("provenance merge --output", merge, StringComparison.Ordinal);
        Assert.Contains("stats merge --output", merge, StringComparison.Ordinal);
        Assert.True(Directory.Exists(dir.File("out/s/_logs/stage3")));

        (code, _, err) = await CliRunner.RunAsync("submit", "k8s", dir.File("s.json"), "--tasks", "4", "--image", "registry.example/pipeline:1", "--pipeline", "pipeline");
        Assert.True(code == 0, err);
        var job = File.ReadAllText(dir.File("out/s/_submit/k8s/stage3.yaml"));
        Assert.Contains("completionMode: Indexed", job, StringComparison.Ordinal);
        Assert.Contains("completions: 4", job, StringComparison.Ordinal);
        Assert.Contains("name: PIPELINE_TASK_COUNT\n          value: \"4\"", job, StringComparison.Ordinal);
        var apply = File.ReadAllText(dir.File("out/s/_submit/k8s/apply.sh"));
        Assert.True(apply.IndexOf("staged-stage1", StringComparison.Ordinal) < apply.IndexOf("staged-buckets", StringComparison.Ordinal));
        Assert.True(apply.IndexOf("staged-buckets", StringComparison.Ordinal) < apply.IndexOf("staged-cluster", StringComparison.Ordinal));
        var bucketJob = File.ReadAllText(dir.File("out/s/_submit/k8s/buckets.yaml"));
        Assert.Contains("completions: 4", bucketJob, StringComparison.Ordinal); // no document count: M = N
        Assert.Contains("memory: 2048Mi", bucketJob, StringComparison.Ordinal);
        Assert.Contains("kubectl wait --for=condition=complete", apply, StringComparison.Ordinal);
    }
}
