using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Pipeline.Provenance;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Cli.Tests;

public sealed class ProvenanceKillTests
{
    private const int Count = 30_000;

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
        using var clean = new TempDir();
        File.WriteAllText(clean.File("dag.json"), Dag(Count));
        var (code, _, err) = await ProvenanceCliHelpers.RunAsync("run", clean.File("dag.json"), "--quiet");
        Assert.True(code == 0, err);
        var expected = Counts(Path.Combine(clean.Path, "out", "provenance.duckdb"));
        Assert.StartsWith($"{Count};{Count};", expected, StringComparison.Ordinal);

        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), Dag(Count));
        var ledger = Path.Combine(dir.Path, "out", "provenance.duckdb");
        var sw = Stopwatch.StartNew();
        using (var p = Start(dir.Path, "run", "dag.json", "--quiet"))
        {
            // wait until the sink is writing (its temporary file grows) and the ledger has had time to commit
            string? tmp = null;
            while (sw.Elapsed < TimeSpan.FromSeconds(40) && !p.HasExited)
            {
                tmp = Directory.Exists(Path.Combine(dir.Path, "out"))
                    ? Directory.GetFiles(Path.Combine(dir.Path, "out"), "docs.jsonl.tmp-*").FirstOrDefault()
                    : null;
                if (tmp is not null && new FileInfo(tmp).Length > 0) break;
                await Task.Delay(20);
            }
            await Task.Delay(1200);
            Assert.False(p.HasExited, $"the run finished before it could be killed: {await p.StandardError.ReadToEndAsync()}");
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        // the killed run left a consistent ledger: run still "running", part of the documents committed
        Assert.Equal("running", LedgerQuery.Run(ledger, "SELECT status FROM runs").Rows.Single()[0]);
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
