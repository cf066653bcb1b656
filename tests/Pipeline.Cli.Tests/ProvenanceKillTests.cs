using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Pipeline.Provenance;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Cli.Tests;

public sealed class ProvenanceKillTests
{
    private const int Count = 300_000;

    private static string Dag(int count) => $$"""
        {
          "name": "kill-test",
          "output_dir": "out",
          "steps": [
            { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{count}}, "seed": 7, "min_words": 20, "max_words": 60 } },
            { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } }
          ]
        }
        """;

    private static Process Start(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static long Long(object? v) => v is BigInteger b ? (long)b : Convert.ToInt64(v, CultureInfo.InvariantCulture);

    private static string Counts(string ledger) => string.Join(";", LedgerQuery.Run(ledger, """
        SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT doc_id) FROM documents), (SELECT count(*) FROM events),
               (SELECT count(*) FROM outputs), (SELECT count(*) FROM artifacts), a.entered, a.kept, a.dropped, a.errored, a.unfinished, a.written
        FROM accounting a
        """).Rows.Single().Select(Long));

    [Fact]
    public async Task KilledRun_ThenRerun_GivesSameLedgerCountsAsUninterruptedRun()
    {
        // an uninterrupted run of this DAG (no filters) enters, keeps and writes every document once, with no events
        // and one artifact: documents, distinct ids, events, outputs, artifacts, entered, kept, dropped, errored, unfinished, written
        var expected = $"{Count};{Count};0;{Count};1;{Count};{Count};0;0;0;{Count}";

        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), Dag(Count));
        var ledger = Path.Combine(dir.Path, "out", "provenance.duckdb");
        var sw = Stopwatch.StartNew();
        var killedAt = TimeSpan.Zero;
        var note = "";
        using (var p = Start(dir.Path, "run", "dag.json", "--quiet"))
        {
            // kill once documents flow (the sink's temporary file has bytes) and the ledger has committed some of them:
            // its write-ahead log (or the database file, after a checkpoint) grew past what the run row needs and then
            // stayed the same size for a while, so the transaction that grew it is complete
            var outDir = Path.Combine(dir.Path, "out");
            long LedgerBytes() => new[] { ledger, ledger + ".wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
            long baseline = -1, last = -1;
            var stableSince = TimeSpan.Zero;
            while (sw.Elapsed < TimeSpan.FromSeconds(90) && !p.HasExited)
            {
                if (baseline < 0)
                {
                    var tmp = Directory.Exists(outDir) ? Directory.GetFiles(outDir, "docs.jsonl.tmp-*").FirstOrDefault() : null;
                    if (tmp is not null && new FileInfo(tmp).Length > 0) baseline = LedgerBytes();
                }
                else
                {
                    long now = LedgerBytes();
                    if (now != last) (last, stableSince) = (now, sw.Elapsed);
                    else if (now > baseline + 256 * 1024 && sw.Elapsed - stableSince > TimeSpan.FromMilliseconds(250)) break;
                }
                await Task.Delay(5);
            }
            var committedAt = sw.Elapsed;
            if (p.HasExited) Assert.Fail($"the run ended before it could be killed: {await p.StandardError.ReadToEndAsync()}");
            p.Kill();
            var signalledAt = sw.Elapsed;
            await p.WaitForExitAsync();
            killedAt = sw.Elapsed;
            note = $"ledger grew at {committedAt.TotalSeconds:F1}s, signalled {signalledAt.TotalSeconds:F1}s, files: {string.Join(", ", Directory.GetFiles(Path.Combine(dir.Path, "out")).Select(f => Path.GetFileName(f) + "=" + new FileInfo(f).Length))}";
        }
        // the killed run left a consistent ledger: run still "running", part of the documents committed
        var crashed = LedgerQuery.Run(ledger, "SELECT status, (SELECT count(*) FROM documents) FROM runs").Rows.Single();
        Assert.True("running".Equals(crashed[0]), $"killed after {killedAt.TotalSeconds:F1}s: run {crashed[0]} with {crashed[1]} documents; {note}");
        long partial = Long(LedgerQuery.Run(ledger, "SELECT count(*) FROM documents").Rows.Single()[0]);
        Assert.InRange(partial, 1, Count);
        Assert.Equal(partial, Long(LedgerQuery.Run(ledger, "SELECT entered FROM accounting").Rows.Single()[0]));

        using (var p = Start(dir.Path, "run", "dag.json", "--quiet"))
        {
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await p.StandardError.ReadToEndAsync());
        }
        var run = LedgerQuery.Run(ledger, "SELECT status, attempts FROM runs").Rows.Single();
        Assert.Equal("completed", run[0]);
        Assert.Equal(2L, Long(run[1]));
        Assert.Equal(expected, Counts(ledger));
        Assert.Equal(Count, File.ReadLines(Path.Combine(dir.Path, "out", "docs.jsonl")).Count());
    }
}
