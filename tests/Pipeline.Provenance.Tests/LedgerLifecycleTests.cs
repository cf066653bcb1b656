using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Provenance.Tests;

public sealed class LedgerLifecycleTests
{
    private const int Count = 400;

    private static long Scalar(string ledger, string sql) =>
        TestValues.Long(LedgerQuery.Run(ledger, sql).Rows.Single()[0]);

    /// <summary>Counts that must not depend on crashes and reruns.</summary>
    internal static string Fingerprint(string ledger) => string.Join(";",
        LedgerQuery.Run(ledger, """
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM outputs),
                   (SELECT count(*) FROM artifacts), (SELECT count(*) FROM dedup_clusters), (SELECT count(*) FROM pii_redactions),
                   (SELECT count(*) FROM shards), (SELECT count(*) FROM checkpoints), (SELECT count(*) FROM sources),
                   a.entered, a.kept, a.dropped, a.errored, a.unfinished
            FROM accounting a
            """).Rows.Single().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Rerun_AfterCrashedRun_ContinuesItWithSameFinalCounts()
    {
        using var clean = new TempDir();
        await TestDag.RunAsync(clean.Path, Count);
        var expected = Fingerprint(TestDag.Ledger(clean.Path));

        using var dir = new TempDir();
        var plan = TestDag.Plan(dir.Path, Count);
        // a "crash": the ledger gets part of the run, is flushed, and the process never completes the run
        var info = new RunInfo("crashed-run", plan.File.Name, plan.File.Directory, plan.File.OutputDir);
        var crashed = (DuckDbLedger)ProvenanceModule.CreateLedger(info, new LedgerOptions { Mappings = TestDag.Mappings() });
        await crashed.StartRunAsync(new LedgerRun("crashed-run", plan.File.Name, plan.File.Text, plan.File.Hash, "t", 0, 1, DateTimeOffset.UtcNow), CancellationToken.None);
        for (int i = 0; i < 150; i++) crashed.Write(new DocumentEnteredRecord("gen", TestSteps.Doc(i)));
        crashed.Write(new DocumentEventRecord(TestSteps.Id(3), "short", OutcomeAction.Dropped, "min_length:too_short", null));
        await crashed.FlushAsync(CancellationToken.None);
        await crashed.DisposeAsync();
        var ledger = TestDag.Ledger(dir.Path);
        Assert.Equal("running", LedgerQuery.Run(ledger, "SELECT status FROM runs").Rows.Single()[0]);
        Assert.Equal(150, Scalar(ledger, "SELECT count(*) FROM documents"));
        Assert.Equal(150, Scalar(ledger, "SELECT unfinished + dropped FROM accounting"));

        await TestDag.RunAsync(dir.Path, Count);
        var runs = LedgerQuery.Run(ledger, "SELECT run_id, status, attempts FROM runs");
        var r = Assert.Single(runs.Rows);
        Assert.Equal("crashed-run", r[0]);
        Assert.Equal("completed", r[1]);
        Assert.Equal(2, Convert.ToInt32(r[2], CultureInfo.InvariantCulture));
        Assert.Equal(expected, Fingerprint(ledger));
    }

    [Fact]
    public async Task Rerun_AfterCompletedRun_SupersedesOldRunInViews()
    {
        using var dir = new TempDir();
        await TestDag.RunAsync(dir.Path, Count);
        var ledger = TestDag.Ledger(dir.Path);
        var first = Fingerprint(ledger);
        await TestDag.RunAsync(dir.Path, Count);
        Assert.Equal(2, Scalar(ledger, "SELECT count(*) FROM runs"));
        Assert.Equal(1, Scalar(ledger, "SELECT count(*) FROM current_runs"));
        Assert.Equal(Count, Scalar(ledger, "SELECT entered FROM accounting"));
        Assert.Equal(Count, Scalar(ledger, "SELECT count(*) FROM document_status"));
        Assert.NotEqual(first, Fingerprint(ledger)); // raw tables hold both runs
    }

    [Fact]
    public async Task Merge_TaskLedgers_CombinesRunsAndSkipsRunsAlreadyMerged()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await TestDag.RunAsync(a.Path, 300);
        await TestDag.RunAsync(b.Path, 200, taskIndex: 1, taskCount: 2);
        var la = TestDag.Ledger(a.Path);
        var lb = TestDag.Ledger(b.Path, 1, 2);
        Assert.EndsWith("provenance.task-0001.duckdb", lb, StringComparison.Ordinal);
        var merged = Path.Combine(a.Path, "merged.duckdb");
        var res = LedgerMerge.Merge(merged, [la, lb]);
        Assert.Equal(2, res.RunsAdded);
        Assert.Empty(res.Incomplete);
        Assert.Equal(500, Scalar(merged, "SELECT sum(entered) FROM accounting"));
        Assert.Equal(Scalar(la, "SELECT count(*) FROM events") + Scalar(lb, "SELECT count(*) FROM events"), Scalar(merged, "SELECT count(*) FROM events"));
        Assert.Equal(Scalar(la, "SELECT count(*) FROM shards") + Scalar(lb, "SELECT count(*) FROM shards"), Scalar(merged, "SELECT count(*) FROM shards"));

        // paths stored relative to each task ledger's folder now resolve from the merged ledger's folder: a's run
        // folder is under it (relative again), b's is not (absolute)
        var shardFiles = LedgerQuery.Run(merged, "SELECT DISTINCT shard_file FROM shards ORDER BY 1").Rows.Select(r => (string)r[0]!).ToList();
        var inB = (string)LedgerQuery.Run(lb, "SELECT DISTINCT shard_file FROM shards").Rows.Single()[0]!;
        Assert.False(Path.IsPathRooted(inB));
        Assert.Equal(["out/shards/train_000000.bin", Path.Combine(b.Path, "out", inB).Replace('\\', '/')],
            shardFiles.OrderBy(f => Path.IsPathRooted(f)).ToList());
        Assert.All(LedgerQuery.Run(merged, "SELECT path FROM artifacts UNION ALL SELECT path FROM checkpoints UNION ALL SELECT shard_set FROM shards").Rows,
            r => Assert.True(Path.Exists(Path.Combine(a.Path, (string)r[0]!)), (string)r[0]!));
        Assert.Equal(["out", Path.Combine(b.Path, "out").Replace('\\', '/')],
            LedgerQuery.Run(merged, "SELECT output_dir FROM runs").Rows.Select(r => (string)r[0]!).OrderBy(f => Path.IsPathRooted(f)).ToList());

        var again = LedgerMerge.Merge(merged, [lb]);
        Assert.Equal(0, again.RunsAdded);
        Assert.Equal(1, again.RunsSkipped);
        Assert.Equal(500, Scalar(merged, "SELECT sum(entered) FROM accounting"));
    }

    [Fact]
    public async Task Run_PathsOfFilesItWrote_StoredRelativeToLedgerFolder()
    {
        using var dir = new TempDir();
        await TestDag.RunAsync(dir.Path, 100);
        var ledger = TestDag.Ledger(dir.Path);
        var folder = Path.GetDirectoryName(ledger)!;
        var paths = LedgerQuery.Run(ledger, """
            SELECT 'artifact', path FROM artifacts UNION ALL SELECT 'shard', shard_file FROM shards UNION ALL SELECT 'set', shard_set FROM shards
            UNION ALL SELECT 'checkpoint', path FROM checkpoints UNION ALL SELECT 'checkpoint set', shard_set FROM checkpoints
            UNION ALL SELECT 'run', output_dir FROM runs
            """).Rows.Select(r => ((string)r[0]!, (string)r[1]!)).Distinct().ToList();
        Assert.Contains(("shard", "shards/train_000000.bin"), paths);
        Assert.Contains(("checkpoint", "checkpoints/step_000001"), paths);
        Assert.Contains(("run", "."), paths);
        Assert.All(paths, p =>
        {
            Assert.False(Path.IsPathRooted(p.Item2), $"{p.Item1} {p.Item2}");
            Assert.True(Path.Exists(Path.Combine(folder, p.Item2)), $"{p.Item1} {p.Item2}");
        });
        // no text anywhere in the ledger names the run folder absolutely (a path column missing from LedgerSchema.PathColumns would)
        var columns = LedgerQuery.Run(ledger, """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'main' AND data_type = 'VARCHAR' AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')
            """).Rows.Select(r => $"SELECT '{r[0]}.{r[1]}' FROM \"{r[0]}\" WHERE contains(\"{r[1]}\", '{folder.Replace('\\', '/').Replace("'", "''", StringComparison.Ordinal)}')");
        Assert.Empty(LedgerQuery.Run(ledger, string.Join(" UNION ALL ", columns)).Rows);
    }

    [Fact]
    public async Task TraceAndTakedown_MovedFolderOfLedgerWithAbsolutePaths_FindFilesWhereTheyAreNow()
    {
        using var dir = new TempDir();
        var a = Path.Combine(dir.Path, "a");
        Directory.CreateDirectory(a);
        await TestDag.RunAsync(a, 100);
        var ledger = TestDag.Ledger(a);
        var recorded = Path.GetDirectoryName(ledger)!.Replace('\\', '/');
        // as earlier versions wrote it: the files a run wrote absolute, under an absolute output_dir
        using (var c = LedgerDatabase.OpenWrite(ledger))
            foreach (var (table, columns) in LedgerSchema.PathColumns)
                foreach (var col in columns)
                    LedgerDatabase.Exec(c, $"UPDATE {table} SET {col} = CASE WHEN {col} = '.' THEN $1 ELSE $1 || '/' || {col} END WHERE coalesce({col}, '') <> ''", recorded);
        Assert.Equal(recorded, LedgerQuery.Run(ledger, "SELECT output_dir FROM runs").Rows.Single()[0]);
        var b = Path.Combine(dir.Path, "b");
        Directory.Move(a, b);
        var moved = TestDag.Ledger(b);

        var td = LedgerTakedown.Find(moved, [new TakedownSelector(TakedownSelectorKind.Domain, "site3.example")]);
        Assert.NotEmpty(td.Files.Rows);
        Assert.NotEmpty(td.Shards.Rows);
        Assert.All(td.Files.Rows.Concat(td.Shards.Rows).Concat(td.Checkpoints.Rows), r =>
        {
            var path = (string)r[0]!;
            Assert.StartsWith(b.Replace('\\', '/') + "/", path.Replace('\\', '/'), StringComparison.Ordinal);
            Assert.True(Path.Exists(path), path);
        });
        var trace = LedgerTrace.Find(moved, (string)td.Documents.Rows[0][1]!).Single();
        var files = trace.Lineage.Rows.Where(r => r[0] is "output" or "shard").Select(r => (string)r[3]!).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public void Merge_InputNotALedger_ThrowsClearError()
    {
        using var d = new TempDir();
        File.WriteAllText(d.File("x.duckdb"), "not a database");
        var ex = Assert.Throws<LedgerException>(() => LedgerMerge.Merge(d.File("m.duckdb"), [d.File("x.duckdb")]));
        Assert.Contains("x.duckdb", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takedown_ByDomain_ListsArtifactsAndRewritesOutputs()
    {
        using var dir = new TempDir();
        await TestDag.RunAsync(dir.Path, Count);
        var ledger = TestDag.Ledger(dir.Path);
        var keptFile = Path.Combine(dir.Path, "out", "kept.jsonl");
        var before = File.ReadAllLines(keptFile).Length;

        var td = LedgerTakedown.Find(ledger, [new TakedownSelector(TakedownSelectorKind.Domain, "site3.example")]);
        var expectedDocs = Enumerable.Range(0, Count).Count(i => TestSteps.Domain(i) == "site3.example");
        Assert.Equal(expectedDocs, td.Documents.Rows.Count);
        var files = td.Files.Rows.Select(r => Path.GetFileName((string)r[0]!)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["kept.jsonl", "rejected.jsonl"], files);
        Assert.NotEmpty(td.Shards.Rows);
        Assert.All(td.Shards.Rows, r => Assert.EndsWith("train_000000.bin", (string)r[0]!, StringComparison.Ordinal));
        Assert.Single(td.Checkpoints.Rows); // some site3 documents fall inside the trained batch
        var keptSite2 = File.ReadLines(keptFile).Count(l => l.Contains("site3.example", StringComparison.Ordinal));
        Assert.True(keptSite2 > 0);

        var result = td.Apply();
        Assert.Equal(expectedDocs, result.Documents);
        Assert.Equal(before - keptSite2, File.ReadAllLines(keptFile).Length);
        Assert.DoesNotContain(File.ReadLines(keptFile), l => l.Contains("site3.example", StringComparison.Ordinal));
        Assert.All(File.ReadLines(keptFile), l => JsonDocument.Parse(l));
        Assert.Equal(1, Scalar(ledger, "SELECT count(*) FROM takedowns"));
        Assert.Equal(expectedDocs, Scalar(ledger, "SELECT count(*) FROM document_status WHERE taken_down"));
        var t = LedgerTrace.Find(ledger, td.Documents.Rows[0][1]!.ToString()!).Single();
        Assert.Contains(t.Lineage.Rows, r => (string)r[2]! == "taken_down" && (string)r[3]! == "--domain site3.example");
    }

    [Fact]
    public async Task Takedown_ParquetOutput_RewritesWithoutDocument()
    {
        using var dir = new TempDir();
        await TestDag.RunAsync(dir.Path, 100);
        var ledger = TestDag.Ledger(dir.Path);
        var keptJsonl = Path.Combine(dir.Path, "out", "kept.jsonl");
        var parquet = Path.Combine(dir.Path, "out", "kept.parquet");
        using (var c = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_json_auto('{keptJsonl}')) TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        // pretend the keep step wrote parquet: point its artifact at the parquet file
        using (var c = LedgerDatabase.OpenWrite(ledger))
            LedgerDatabase.Exec(c, "UPDATE artifacts SET path = $1, format = 'parquet' WHERE step_id = 'keep'", parquet);
        var id = TestSteps.Id(0);
        var td = LedgerTakedown.Find(ledger, [new TakedownSelector(TakedownSelectorKind.Doc, id)]);
        Assert.Equal(parquet, (string)Assert.Single(td.Files.Rows)[0]!);
        int lines = File.ReadAllLines(keptJsonl).Length;
        var res = td.Apply();
        var f = Assert.Single(res.Files);
        Assert.Equal(1, f.Removed);
        Assert.Equal(lines - 1, f.Kept);
        // the JSONL copy no longer recorded as the step's output still held the document: the sweep removed it too
        Assert.Contains(res.OtherFiles, o => o.Path == keptJsonl.Replace('\\', '/') && o.Removed == 1);
        Assert.DoesNotContain(File.ReadLines(keptJsonl), l => l.Contains(id, StringComparison.Ordinal));
        using (var c = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            c.Open();
            Assert.Equal(0L, LedgerDatabase.Scalar(c, $"SELECT count(*) FROM read_parquet('{parquet}') WHERE id = $1", id));
            Assert.Equal(f.Kept, LedgerDatabase.Scalar(c, $"SELECT count(*) FROM read_parquet('{parquet}')"));
        }
    }

    [Fact]
    public async Task Write_AfterComplete_Throws()
    {
        using var dir = new TempDir();
        var l = new DuckDbLedger(dir.File("l.duckdb"));
        await l.StartRunAsync(new LedgerRun("r", "n", "{}", "h", "v", 0, 1, DateTimeOffset.UtcNow), CancellationToken.None);
        l.Write(new DocumentEnteredRecord("s", new Document("d1", "text", SourceRef.Synthetic("x", 0))));
        await l.CompleteRunAsync("completed", CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => l.Write(new DocumentEnteredRecord("s", new Document("d2", "t", SourceRef.Synthetic("x", 1)))));
        await l.DisposeAsync();
        Assert.Equal(1, Scalar(dir.File("l.duckdb"), "SELECT kept FROM accounting"));
    }
}
