using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core.Running;
using Spectre.Console;

namespace Pipeline.Cli.Tests;

public sealed class ProgressViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 19, 50, 3, TimeSpan.Zero);

    // 21 steps like a long DAG: a file source with a known total, processors, dedup, sinks, training, audits, waiting steps
    private static List<StepStats> TwentyOneSteps()
    {
        var list = new List<StepStats>();
        StepStats Add(string id, string uses, int startedSecondsAgo = -1, bool finished = false)
        {
            var s = new StepStats(id, uses);
            if (startedSecondsAgo >= 0) s.MarkStarted(Now - TimeSpan.FromSeconds(startedSecondsAgo));
            if (finished) s.WallTime = TimeSpan.FromSeconds(12.5);
            list.Add(s);
            return s;
        }
        Add("crawl_file", "ingest.synthetic_warc", 60, finished: true).SetProgress(new StepProgress(1500, 1500, "pages"));
        var crawl = Add("crawl_common_crawl_segment_0001", "ingest.warc", 20);
        crawl.AddOut(123_456);
        crawl.AddDropped("warc:skipped_request", 120_000);
        crawl.SetProgress(new StepProgress(450_000_000, 1_000_000_000, "bytes"));
        foreach (var (id, uses) in new[]
        {
            ("text", "ingest.html_text"), ("licence", "filters.licence_policy"), ("quality", "filters.gopher_quality"),
            ("repetition", "filters.gopher_repetition"), ("pii", "filters.pii"), ("toxicity", "filters.toxicity"),
            ("urls", "filters.url_blocklist"), ("language", "filters.language"),
        })
        {
            var s = Add(id, uses, 19);
            s.AddIn(100_000);
            s.AddOut(90_000);
            s.AddDropped(id + ":low", 9_000);
            s.AddError("bad", 1_000);
        }
        Add("dedup_exact_sha", "dedup.exact", 19).AddIn(88_000);
        var near = Add("dedup_near_duplicates", "dedup.minhash", 19);
        near.AddIn(87_000);
        near.AddOut(80_000);
        near.AddDropped("dedup:near_duplicate", 7_000);
        Add("kept", "sink.parquet", 19).AddIn(80_000);
        Add("bpe", "tokens.train_bpe", 19).SetProgress(new StepProgress(2_000_000, 4_000_000, "chars", "sampling"));
        Add("reread", "ingest.parquet");
        Add("shards", "tokens.shards");
        Add("model", "train.gpt", 30).SetProgress(new StepProgress(75, 150, "steps", "loss 3.412, 12,345 tok/s"));
        Add("stability", "audit.stability");
        Add("perplexity", "audit.perplexity");
        Add("probes", "audit.probes");
        Add("report", "audit.report");
        return list;
    }

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    public void Rows_TwentyOneSteps_FitTheWidthAndShowEveryStepWithPercentEtaAndRates(int width)
    {
        var stats = TwentyOneSteps();
        var rows = ProgressView.Rows(stats, width, Now, TimeSpan.FromSeconds(61));

        Assert.Equal(stats.Count + 2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Length < width, $"{r.Length} chars: '{r}'"));
        for (int i = 0; i < stats.Count; i++)
        {
            var id = stats[i].StepId;
            var shown = rows[i + 2].Split(' ')[0].TrimEnd('…');
            Assert.True(shown == id || (shown.Length >= 5 && id.StartsWith(shown, StringComparison.Ordinal)), $"row for {id}: '{rows[i + 2]}'");
        }
        var crawl = rows[3];
        Assert.Contains("45%", crawl, StringComparison.Ordinal);
        Assert.Contains("eta 24s", crawl, StringComparison.Ordinal); // 20 s for 45% -> 24 s for the other 55%
        Assert.Contains("12,173/s", crawl, StringComparison.Ordinal); // (123,456 + 120,000) records in 20 s, not 0 docs/s
        Assert.Contains("243.5k", crawl, StringComparison.Ordinal);
        var model = rows.Single(r => r.StartsWith("model ", StringComparison.Ordinal));
        Assert.Contains("75/150 steps", model, StringComparison.Ordinal);
        Assert.Contains("50% eta 30s", model, StringComparison.Ordinal);
        Assert.Contains("loss 3.412", model, StringComparison.Ordinal);
        Assert.Contains("waiting", rows.Single(r => r.StartsWith("report ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("done 12s", rows[2], StringComparison.Ordinal);
        Assert.Contains("7,000", rows.Single(r => r.StartsWith("dedup_ne", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("1/21 steps done, 14 running", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_TwentyOneStepsRunning_OneLineUnder200CharactersWithEta()
    {
        var line = ProgressView.Compact(TwentyOneSteps(), Now, TimeSpan.FromSeconds(61), ProgressView.CompactBudget - 26);

        var stamped = ConsoleRunLog.IsoStamp(Now) + " " + line;
        Assert.True(stamped.Length <= ProgressView.CompactBudget, $"{stamped.Length} chars: {stamped}");
        Assert.StartsWith("progress 1m01s 1/21 done:", line, StringComparison.Ordinal);
        Assert.Contains("crawl_common_… 243.5k 12,173/s 45% eta 24s", line, StringComparison.Ordinal);
        Assert.True(line.Contains("model 75/150 steps 50% eta 30s", StringComparison.Ordinal), line);
        Assert.Matches(@"\+\d+ more$", line);
        Assert.Contains("bpe 2M/4M chars 50% eta 19s", line, StringComparison.Ordinal);
        Assert.DoesNotContain("model=0", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_OffTerminal_EveryLineHasIsoTimestampWithOffsetAndProgressLinesRepeat()
    {
        var w = new StringWriter();
        var log = new ConsoleRunLog(w);
        var stats = TwentyOneSteps();
        using (ProgressView.StartLines(() => stats, log, TimeSpan.FromMilliseconds(50)))
        {
            log.Info("run quickstart: 21 steps");
            await Task.Delay(2000); // 40 intervals: a loaded CI machine delayed the timer past the 8 of 400 ms
            log.Warn("[crawl] something odd");
        }
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d ", l));
        Assert.All(lines, l => Assert.True(l.Length <= ProgressView.CompactBudget, $"{l.Length} chars: {l}"));
        Assert.True(lines.Count(l => l.Contains(" progress ", StringComparison.Ordinal)) >= 2, string.Join("\n", lines));
        Assert.Contains(lines, l => l.EndsWith(" run quickstart: 21 steps", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" warn: [crawl] something odd", StringComparison.Ordinal));
        var stamp = DateTimeOffset.ParseExact(lines[0][..25], "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((stamp - DateTimeOffset.Now).TotalMinutes) < 5);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    public async Task Live_LogLinesDuringTheRun_PrintAboveTheTableNeverInsideItAndHeadersDoNotPileUp(int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = width;
        console.Profile.Height = 40;
        var direct = new StringWriter();
        var log = new ConsoleRunLog(direct);
        var stats = TwentyOneSteps();
        using (ProgressView.StartLive(() => stats, log, console))
        {
            for (int i = 0; i < 6; i++)
            {
                log.Info($"[crawl] log line number {i} " + new string('x', i * 30));
                stats[1].AddOut(1000);
                await Task.Delay(300);
            }
        }
        log.Info("after the view");
        Assert.EndsWith(" after the view" + Environment.NewLine, direct.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("log line number", direct.ToString(), StringComparison.Ordinal);

        var screen = new VtScreen(width, 40);
        screen.Feed(output.ToString());
        var lines = screen.Lines;
        // the table's own lines never wrap; a long log line may wrap, but only onto lines of its own
        for (int i = 0; i < 6; i++)
        {
            int at = lines.ToList().FindIndex(l => Regex.IsMatch(l, $@"log line number {i}\b"));
            Assert.True(at >= 0, $"log line {i} missing:\n{string.Join("\n", lines)}");
            Assert.Matches(@"^\d\d:\d\d:\d\d \[crawl\] log line number \d( x+)?$", lines[at]);
            // a long line goes on over full lines of its own: x's only, nothing left of the table
            for (int k = at + 1; k < lines.Count && lines[k].StartsWith('x'); k++) Assert.Matches("^x+$", lines[k]);
        }
        Assert.Equal(1, lines.Count(l => l.StartsWith("step ", StringComparison.Ordinal) && l.Contains("progress", StringComparison.Ordinal)));
        int header = lines.ToList().FindIndex(l => l.StartsWith("step ", StringComparison.Ordinal));
        var table = lines.Skip(header + 1).ToList();
        Assert.Equal(21, table.Count);
        Assert.All(table, r => Assert.DoesNotContain("log line", r, StringComparison.Ordinal));
        Assert.All(table, r => Assert.True(r.Length < width, r));
        Assert.Contains("45%", table[1], StringComparison.Ordinal);
        Assert.All(lines.Take(header), l => Assert.DoesNotContain("waiting", l, StringComparison.Ordinal));
    }
}
