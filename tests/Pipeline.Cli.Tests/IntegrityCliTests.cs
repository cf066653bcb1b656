using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Cli.Tests;

/// <summary>Issue 12: the exit-code contract (0 done, 1 failed, 2 usage/configuration, 130 cancelled) for faults and signals, run as child processes.</summary>
public sealed class IntegrityCliTests
{
    private static async Task<(int Code, string Err)> RunChildAsync(string dir, params string[] args)
    {
        using var p = CliRunner.Start(dir, args);
        var err = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "the command did not end within 2 minutes");
        return (p.ExitCode, await err + await stdout);
    }

    private static string Dag(string outputDir, bool ledger = true, int count = 50) => $$"""
        { "name": "small", "output_dir": "{{outputDir}}", "ledger": {{(ledger ? "true" : "false")}}, "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": {{count}} } },
          { "id": "kept", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "all.jsonl" } }
        ] }
        """;

    private static void AssertOneLineError(string err, string expected)
    {
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", err, StringComparison.Ordinal);
        var line = err.Split('\n').FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.True(line is not null && line.Contains(expected, StringComparison.Ordinal), $"expected an 'error:' line with '{expected}', got:\n{err}");
    }

    [Fact]
    public async Task Run_OutputDirIsAFile_Exit2NamingIt()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("out"), "I am a file");
        File.WriteAllText(dir.File("dag.json"), Dag("out"));

        var (code, err) = await RunChildAsync(dir.Path, "run", "dag.json", "--quiet");

        Assert.Equal(2, code);
        AssertOneLineError(err, "is an existing file");
    }

    [LinuxSysFact]
    public async Task Run_OutputDirUnderReadOnlyFolder_Exit2WithCause()
    {
        // root ignores permission bits; /sys is a folder where nobody (root included) can create a folder
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), Dag("/sys/kernel/pipeline-test-out"));

        var (code, err) = await RunChildAsync(dir.Path, "run", "dag.json", "--quiet");

        Assert.Equal(2, code);
        AssertOneLineError(err, "cannot create output_dir '/sys/kernel/pipeline-test-out'");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_SecondRunOnLockedOutputDir_Exit2NamingTheLock(bool ledger)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("long.json"), Dag("out", ledger, count: 10_000_000));
        File.WriteAllText(dir.File("dag.json"), Dag("out", ledger));
        using var first = CliRunner.Start(dir.Path, "run", "long.json", "--quiet");
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Directory.GetFiles(dir.Path, "all.jsonl.tmp-*", SearchOption.AllDirectories).Any() && DateTime.UtcNow < deadline && !first.HasExited) await Task.Delay(100);
            Assert.False(first.HasExited, "the first run ended early: " + (first.HasExited ? first.StandardError.ReadToEnd() : ""));

            var (code, err) = await RunChildAsync(dir.Path, "run", "dag.json", "--quiet");

            Assert.Equal(2, code);
            AssertOneLineError(err, "is in use by another run");
            Assert.Contains(".lock", err, StringComparison.Ordinal);
            Assert.False(File.Exists(dir.File("out/all.jsonl")), "the refused run wrote output");
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            first.WaitForExit(10_000);
        }
    }

    [Theory]
    [InlineData("""{ "name": "x", "output_dir": "out", "steps": [] }""", "at least one step")]
    [InlineData("""{ "name": "x", "output_dir": "out", "steps": [ { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 5 } }, { "id": "k", "uses": "sink.jsonl", "needs": ["web", "web"], "with": { "path": "a.jsonl" } } ] }""", "repeated in needs")]
    [InlineData("""{ "name": "x", "output_dir": "out", "steps": [ { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 5 } }, { "id": "k", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "../x.jsonl" } } ] }""", "may not leave it")]
    [InlineData("""{ "name": "x", "output_dir": "out", "steps": [ { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 5 } }, { "id": "k", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "/tmp/x.jsonl" } } ] }""", "may not leave it")]
    public async Task Validate_BadDag_Exit2NamingTheProblem(string dag, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), dag);

        var (code, err) = await RunChildAsync(dir.Path, "validate", "dag.json");
        var (runCode, _) = await RunChildAsync(dir.Path, "run", "dag.json", "--quiet");

        Assert.Equal(2, code);
        Assert.Equal(2, runCode);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.jsonl")));
    }

    [Fact]
    public async Task Run_StaleTemporariesOfDeadProcesses_RemovedBeforeTheRun()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), Dag("out", ledger: false));
        Directory.CreateDirectory(dir.File("out/sub"));
        // a PID that is not running: a finished child process's
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!) gone.WaitForExit();
        int dead = FindDeadPid();
        File.WriteAllBytes(dir.File($"out/all.jsonl.tmp-{dead}"), new byte[1000]);
        File.WriteAllBytes(dir.File($"out/sub/x.parquet.tmp-{dead}"), new byte[1000]);
        File.WriteAllBytes(dir.File($"out/live.jsonl.tmp-{Environment.ProcessId}"), new byte[10]);

        var (code, err) = await RunChildAsync(dir.Path, "run", "dag.json", "--quiet");

        Assert.True(code == 0, err);
        Assert.True(File.Exists(dir.File("out/all.jsonl")));
        Assert.False(File.Exists(dir.File($"out/all.jsonl.tmp-{dead}")));
        Assert.False(File.Exists(dir.File($"out/sub/x.parquet.tmp-{dead}")));
        Assert.True(File.Exists(dir.File($"out/live.jsonl.tmp-{Environment.ProcessId}")), "a running process's temporary was removed");
    }

    private static int FindDeadPid()
    {
        for (int pid = 4_000_000; pid > 1000; pid -= 7919)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                return pid;
            }
        }
        throw new InvalidOperationException("no free pid found");
    }

    /// <summary>Sends SIGTERM once <paramref name="ready"/> holds; returns the exit code and the seconds from the signal to the exit.</summary>
    private static async Task<(int Code, double Seconds, string Err)> TermWhenAsync(Process p, Func<bool> ready, TimeSpan settle)
    {
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!ready() && !p.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        await Task.Delay(settle);
        Assert.False(p.HasExited, "the command ended before the signal: " + (p.HasExited ? await err : ""));
        var sw = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        bool exited = p.WaitForExit(10_000);
        sw.Stop();
        if (!exited) p.Kill(entireProcessTree: true);
        Assert.True(exited, "the command ignored SIGTERM for 10 s");
        return (p.ExitCode, sw.Elapsed.TotalSeconds, await err);
    }

    [Fact]
    public async Task Run_SigtermDuringLongPerDocumentWorkOnHostilePages_Exit130Within2Seconds()
    {
        using var dir = new TempDir();
        // hostile pages (deep nesting, unclosed inline tags) mixed with an endless stream of ordinary pages:
        // whatever the extractor's speed, the run is busy in html_text's per-document work when the signal comes
        var sb = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            var page = i % 2 == 0
                ? "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>"
                : "<html><body>" + string.Concat(Enumerable.Repeat("<b><i><span>", 100_000)) + "unclosed</body></html>";
            sb.Append("{\"id\":\"h").Append(i).Append("\",\"text\":\"").Append(page).Append("\"}\n");
        }
        File.WriteAllText(dir.File("hostile.jsonl"), sb.ToString());
        File.WriteAllText(dir.File("dag.json"), """
            { "name": "hostile", "output_dir": "out", "steps": [
              { "id": "hostile", "uses": "ingest.jsonl", "with": { "paths": ["hostile.jsonl"] } },
              { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 10000000, "format": "html" } },
              { "id": "text", "uses": "ingest.html_text", "needs": ["hostile", "web"] },
              { "id": "kept", "uses": "sink.jsonl", "needs": ["text"], "with": { "path": "kept.jsonl" } }
            ] }
            """);
        using var p = CliRunner.Start(dir.Path, "run", "dag.json", "--quiet");

        var (code, seconds, err) = await TermWhenAsync(p, () => Directory.Exists(dir.File("out")) && Directory.GetFiles(dir.File("out"), "kept.jsonl.tmp-*").Length > 0, TimeSpan.FromSeconds(1));

        Assert.True(code == 130, $"exit {code}: {err}");
        Assert.True(seconds < 2.0, $"took {seconds:F2} s from SIGTERM to exit");
        Assert.False(File.Exists(dir.File("out/kept.jsonl")), "a half-written output was published");
    }

    [Fact]
    public async Task ProvenanceQuery_SigtermDuringCrossJoin_Exit130Within2Seconds()
    {
        using var dir = new TempDir();
        var ledger = await ProvenanceLedgerBuilder.BuildAsync(dir.Path);
        using var p = CliRunner.Start(dir.Path, "provenance", "query", ledger,
            "SELECT count(*) FROM range(100000000) a, range(100000000) b, range(100000000) c WHERE a.range + b.range = c.range");
        var started = DateTime.UtcNow;

        var (code, seconds, err) = await TermWhenAsync(p, () => DateTime.UtcNow - started > TimeSpan.FromSeconds(3), TimeSpan.Zero);

        Assert.True(code == 130, $"exit {code}: {err}");
        Assert.True(seconds < 2.0, $"took {seconds:F2} s from SIGTERM to exit");
    }

    [Fact]
    public async Task ProvenanceQuery_Timeout_StopsWithExit1()
    {
        using var dir = new TempDir();
        var ledger = await ProvenanceLedgerBuilder.BuildAsync(dir.Path);
        var sw = Stopwatch.StartNew();

        var (code, err) = await RunChildAsync(dir.Path, "provenance", "query", ledger,
            "SELECT count(*) FROM range(100000000) a, range(100000000) b", "--timeout", "1");

        Assert.Equal(1, code);
        AssertOneLineError(err, "ran longer than 1 s");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE documents")]
    [InlineData("SELECT 1; SELECT 2;")]
    public async Task ProvenanceQuery_MoreThanOneStatement_Exit2(string sql)
    {
        using var dir = new TempDir();
        var ledger = await ProvenanceLedgerBuilder.BuildAsync(dir.Path);

        var (code, err) = await RunChildAsync(dir.Path, "provenance", "query", ledger, sql);

        Assert.Equal(2, code);
        AssertOneLineError(err, "one SQL statement per call");
    }

    [Theory]
    [InlineData("SELECT 1", 1)]
    [InlineData("SELECT ';' AS a;", 1)]
    [InlineData("SELECT 1 -- ; comment\n", 1)]
    [InlineData("SELECT /* ; */ 'a''b;' ; ", 1)]
    [InlineData("SELECT $$;$$; SELECT 2", 2)]
    [InlineData(";;", 0)]
    public void CountStatements_QuotesAndComments_NotSplit(string sql, int expected) =>
        Assert.Equal(expected, Provenance.LedgerQuery.CountStatements(sql));

    [Fact]
    public async Task Run_SigtermWithLedger_NoOutputRecordedAsWrittenForAnUnpublishedFile()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), Dag("out", ledger: true, count: 10_000_000));
        using var p = CliRunner.Start(dir.Path, "run", "dag.json", "--quiet");

        var (code, _, err) = await TermWhenAsync(p, () => Directory.Exists(dir.File("out")) && Directory.GetFiles(dir.File("out"), "all.jsonl.tmp-*").Any(f => new FileInfo(f).Length > 1 << 20), TimeSpan.FromMilliseconds(500));

        Assert.True(code == 130, $"exit {code}: {err}");
        Assert.False(File.Exists(dir.File("out/all.jsonl")));
        var t = Provenance.LedgerQuery.Run(dir.File("out/provenance.duckdb"),
            "SELECT (SELECT count(*) FROM outputs), (SELECT count(*) FROM documents), (SELECT status FROM runs)");
        var row = t.Rows.Single();
        Assert.Equal(0L, Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        Assert.True(Convert.ToInt64(row[1], CultureInfo.InvariantCulture) > 0, "the run recorded no documents before the signal");
        Assert.Equal("cancelled", row[2]);
    }

    [Theory]
    [InlineData("garbage.jsonl", "max_error_rate")]
    [InlineData("cut.jsonl.gz", "cut.jsonl.gz")]
    public async Task Run_TaskWithBadInput_Exit1AndNoCompletionMarker(string file, string expected)
    {
        using var dir = new TempDir();
        if (file.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var ms = new MemoryStream();
            using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
                gz.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"id\":\"d{i}\",\"text\":\"document {i}\"}}\n"))));
            var bytes = ms.ToArray();
            File.WriteAllBytes(dir.File(file), bytes[..(bytes.Length / 3)]);
        }
        else File.WriteAllText(dir.File(file), string.Concat(Enumerable.Range(0, 50).Select(i => $"garbage line {i}\n")));
        // tasks read contiguous blocks of the sorted inputs: the bad file (sorted first) is task 0's, the good one task 1's
        File.WriteAllText(dir.File("zz-good.jsonl"), "{\"id\":\"g\",\"text\":\"good\"}\n");
        File.WriteAllText(dir.File("dag.json"), $$"""
            { "name": "bad-input", "output_dir": "out", "steps": [
              { "id": "in", "uses": "ingest.jsonl", "with": { "paths": ["{{file}}", "zz-good.jsonl"] } },
              { "id": "kept", "uses": "sink.jsonl", "needs": ["in"], "with": { "path": "kept.jsonl" } }
            ] }
            """);

        var (code, err) = await RunChildAsync(dir.Path, "run", "dag.json", "--task-index", "0", "--task-count", "2", "--quiet");

        Assert.Equal(1, code);
        AssertOneLineError(err, expected);
        Assert.False(Directory.Exists(dir.File("out/_tasks")) && Directory.EnumerateFiles(dir.File("out/_tasks")).Any(), "a failed task wrote its completion marker");
    }
}
