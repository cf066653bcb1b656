using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Pipeline.Core.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli;

/// <summary>
/// Run progress. On a terminal: a live table on stderr (Spectre.Console), one line per step, fitted to the console's
/// width (names are truncated, figures never), with rate, percent and ETA wherever a step reports a total; log lines
/// are printed above the table by the same thread, so they never land inside it. Off a terminal: one compact,
/// timestamped line every few seconds with the same facts for the steps that are running. Nothing when quiet.
/// </summary>
internal sealed class ProgressView : IDisposable
{
    /// <summary>Longest off-terminal progress line, timestamp included.</summary>
    internal const int CompactBudget = 200;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConsoleRunLog _log;
    private readonly DateTimeOffset _started;
    private Task _task = Task.CompletedTask;

    private ProgressView(ConsoleRunLog log)
    {
        _log = log;
        _started = log.Clock.GetUtcNow();
    }

    /// <summary>Starts the view that fits where stderr goes; <paramref name="every"/> is the off-terminal line interval.</summary>
    public static ProgressView Start(Func<IReadOnlyList<StepStats>?> stats, ConsoleRunLog log, CommandContext ctx, bool quiet, TimeSpan every)
    {
        if (quiet) return new ProgressView(log);
        bool live = ctx.Interactive && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or "");
        if (!live) return StartLines(stats, log, every);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi) return StartLines(stats, log, every);
        return StartLive(stats, log, console);
    }

    /// <summary>Periodic compact lines through <paramref name="log"/>.</summary>
    internal static ProgressView StartLines(Func<IReadOnlyList<StepStats>?> stats, ConsoleRunLog log, TimeSpan every)
    {
        var view = new ProgressView(log);
        view._task = Task.Run(() => view.LinesAsync(stats, every));
        return view;
    }

    /// <summary>The live table on <paramref name="console"/>, with the log's lines routed above it.</summary>
    internal static ProgressView StartLive(Func<IReadOnlyList<StepStats>?> stats, ConsoleRunLog log, IAnsiConsole console)
    {
        var view = new ProgressView(log);
        log.RouteTo(view._lines.Enqueue);
        view._task = Task.Run(() => view.LiveAsync(stats, console));
        return view;
    }

    private async Task LinesAsync(Func<IReadOnlyList<StepStats>?> stats, TimeSpan every)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(every, _log.Clock, _stop.Token).ConfigureAwait(false);
                if (stats() is not { } s) continue;
                var now = _log.Clock.GetUtcNow();
                _log.Line(Compact(s, now, now - _started, CompactBudget - 26));
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task LiveAsync(Func<IReadOnlyList<StepStats>?> stats, IAnsiConsole console)
    {
        try
        {
            await console.Live(new Text("")).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Cropping(VerticalOverflowCropping.Top)
                .StartAsync(async c =>
                {
                    while (true)
                    {
                        bool last = _stop.IsCancellationRequested;
                        while (_lines.TryDequeue(out var line)) WriteLog(console, line);
                        var now = _log.Clock.GetUtcNow();
                        c.UpdateTarget(Table(stats() ?? [], console.Profile.Width, now, now - _started));
                        c.Refresh();
                        if (last) break;
                        try { await Task.Delay(500, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                    }
                }).ConfigureAwait(false);
        }
        catch (InvalidOperationException) { }
        finally
        {
            _log.RouteTo(null);
            while (_lines.TryDequeue(out var line)) WriteLog(console, line);
        }
    }

    // The live display moves the cursor back over its table, erasing every line but the top one, before anything else
    // is written: so a log line is cut into full-width pieces here (no word wrap of Spectre's own) and each piece is
    // padded with spaces, leaving nothing of the old table on the lines it takes.
    private static void WriteLog(IAnsiConsole console, string line)
    {
        int w = Math.Max(20, console.Profile.Width - 1);
        int i = 0;
        do
        {
            int n = Math.Min(w, line.Length - i);
            // break after a space when one is near the end of the piece, else at the width
            if (i + n < line.Length && line.LastIndexOf(' ', i + n - 1, n) is var sp && sp > i + w * 3 / 4) n = sp + 1 - i;
            console.WriteLine(line.Substring(i, n).PadRight(w), Style.Plain);
            i += n;
        }
        while (i < line.Length);
    }

    /// <summary>The live table as a renderable: plain lines no wider than <paramref name="width"/> - 1.</summary>
    internal static IRenderable Table(IReadOnlyList<StepStats> stats, int width, DateTimeOffset now, TimeSpan elapsed)
    {
        // padded to full width: a redraw must cover every character of the previous one
        int w = Math.Max(40, width - 1);
        return new Text(string.Join('\n', Rows(stats, width, now, elapsed).Select(r => r.PadRight(w))), Style.Plain).Overflow(Overflow.Crop);
    }

    /// <summary>
    /// The table's lines: a summary, a header and one line per step. Figures keep their full width; the step id and
    /// <c>uses</c> columns get what is left (at least 6 characters each) and are cut with an ellipsis.
    /// </summary>
    internal static IReadOnlyList<string> Rows(IReadOnlyList<StepStats> stats, int width, DateTimeOffset now, TimeSpan elapsed)
    {
        const int cIn = 7, cOut = 7, cDrop = 7, cErr = 6, cRate = 8, cProg = 14;
        const int data = cIn + cOut + cDrop + cErr + cRate + cProg + 6;
        int w = Math.Max(40, width - 1);
        int names = Math.Max(12, w - data - 2);
        int cId = Math.Clamp(names * 45 / 100, 6, 28), cUses = Math.Clamp(names - cId, 6, 26);
        int done = stats.Count(s => s.Finished), running = stats.Count(s => s.StartedAt is not null && !s.Finished);
        var rows = new List<string>(stats.Count + 2)
        {
            Fit($"{done}/{stats.Count} steps done, {running} running, {Duration(elapsed)} elapsed", w),
            Fit($"{Pad("step", cId)} {Pad("uses", cUses)} {"in",cIn} {"out",cOut} {"dropped",cDrop} {"errors",cErr} {"rate",cRate} {"progress",-cProg}", w),
        };
        int span = cIn + cOut + cDrop + cErr + cRate + 4;
        foreach (var s in stats)
        {
            var head = $"{Pad(s.StepId, cId)} {Pad(s.Uses, cUses)} ";
            var p = s.Progress;
            string state = State(s, now);
            if (IsArtifactLike(s) && p is not null)
            {
                // artifact steps count no documents: their row is the progress itself (steps, loss, tokens/s)
                var text = $"{Num(p.Done)}{(p.HasTotal ? "/" + Num(p.Total) : "")} {p.Unit}" + (p.Detail is { } d ? ", " + d : "");
                rows.Add(Fit(head + Pad(text, span) + " " + Pad(state, cProg), w));
                continue;
            }
            if (s.StartedAt is null)
            {
                rows.Add(Fit(head + new string(' ', span) + " " + state, w));
                continue;
            }
            long seen = Seen(s);
            var rate = Rate(s, seen, now) is { } r ? Num(r) + "/s" : "";
            rows.Add(Fit(head + $"{Num(seen),cIn} {Num(s.Out),cOut} {Num(s.Dropped),cDrop} {Num(s.Errors),cErr} {rate,cRate} {Pad(state, cProg)}", w));
        }
        return rows;
    }

    /// <summary>
    /// One compact progress line (without its timestamp): elapsed time, steps done, then the running steps with
    /// counts, rate, percent and ETA, most informative first, cut to <paramref name="budget"/> characters with "+N more".
    /// </summary>
    internal static string Compact(IReadOnlyList<StepStats> stats, DateTimeOffset now, TimeSpan elapsed, int budget)
    {
        int done = stats.Count(s => s.Finished);
        var sb = new StringBuilder($"progress {Duration(elapsed)} {done}/{stats.Count} done");
        var active = stats.Where(s => s.StartedAt is not null && !s.Finished)
            .OrderBy(s => s.Progress is null ? 1 : 0).ToList();
        if (active.Count == 0) return sb.Append(done == stats.Count ? "" : "; waiting").ToString();
        sb.Append(':');
        int shown = 0;
        for (int i = 0; i < active.Count; i++)
        {
            int reserve = i < active.Count - 1 ? 10 : 0;
            var part = " " + CompactStep(active[i], now, detail: true) + ";";
            if (sb.Length + part.Length + reserve > budget) part = " " + CompactStep(active[i], now, detail: false) + ";";
            if (sb.Length + part.Length + reserve > budget) continue;
            sb.Append(part);
            shown++;
        }
        if (shown < active.Count) sb.Append(CultureInfo.InvariantCulture, $" +{active.Count - shown} more");
        else sb.Length--;
        return sb.ToString();
    }

    private static string CompactStep(StepStats s, DateTimeOffset now, bool detail)
    {
        var id = Cut(s.StepId, 14);
        var p = s.Progress;
        var sb = new StringBuilder(id);
        if (IsArtifactLike(s) && p is not null)
        {
            sb.Append(' ').Append(Num(p.Done)).Append(p.HasTotal ? "/" + Num(p.Total) : "").Append(' ').Append(p.Unit);
        }
        else
        {
            long seen = Seen(s);
            sb.Append(' ').Append(Num(seen));
            if (Rate(s, seen, now) is { } r) sb.Append(' ').Append(Num(r)).Append("/s");
        }
        if (p?.Fraction is { } f)
        {
            sb.Append(' ').Append(Percent(f));
            if (Eta(s, now) is { } eta) sb.Append(" eta ").Append(Duration(eta));
        }
        if (detail && p?.Detail is { } d && IsArtifactLike(s)) sb.Append(" (").Append(Cut(d, 32)).Append(')');
        return sb.ToString();
    }

    // A step that reports progress but no documents (training, audits, file writers) shows its progress instead.
    private static bool IsArtifactLike(StepStats s) => s.In == 0 && s.Out == 0 && s.Dropped == 0 && s.Errors == 0;

    // Sources count their records as "in" only at the end; while they run, what they have produced is what they read.
    private static long Seen(StepStats s) => Math.Max(s.In, s.Out + s.Dropped + s.Errors);

    private static double? Rate(StepStats s, long seen, DateTimeOffset now)
    {
        if (s.StartedAt is not { } t0 || seen == 0) return null;
        double secs = s.Finished ? s.WallTime.TotalSeconds : (now - t0).TotalSeconds;
        return secs <= 0.05 ? null : seen / secs;
    }

    private static TimeSpan? Eta(StepStats s, DateTimeOffset now)
    {
        if (s.Progress is not { HasTotal: true } p || s.StartedAt is not { } t0 || p.Done <= 0) return null;
        double secs = (now - t0).TotalSeconds;
        if (secs <= 0) return null;
        return TimeSpan.FromSeconds(secs * Math.Max(0, p.Total - p.Done) / p.Done);
    }

    private static string State(StepStats s, DateTimeOffset now)
    {
        if (s.StartedAt is null) return "waiting";
        if (s.Finished) return "done " + Duration(s.WallTime);
        if (s.Progress?.Fraction is { } f)
            return Percent(f) + (Eta(s, now) is { } eta ? " eta " + Duration(eta) : "");
        return "running " + Duration(now - s.StartedAt.Value);
    }

    private static string Percent(double f) => (f * 100).ToString(f < 0.1 ? "F1" : "F0", Inv) + "%";

    /// <summary>Counts and rates: exact below 100,000, then k/M/G with three significant digits (never cut).</summary>
    internal static string Num(double n)
    {
        double a = Math.Abs(n);
        if (a < 100_000) return a < 100 && n != Math.Floor(n) ? n.ToString("0.#", Inv) : Math.Round(n).ToString("N0", Inv);
        if (a < 1e6) return (n / 1e3).ToString("0.#", Inv) + "k";
        if (a < 1e9) return (n / 1e6).ToString(a < 1e7 ? "0.##" : "0.#", Inv) + "M";
        return (n / 1e9).ToString("0.##", Inv) + "G";
    }

    /// <summary>42s, 12m05s, 3h02m.</summary>
    internal static string Duration(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        if (t.TotalSeconds < 60) return t.TotalSeconds < 10 ? t.TotalSeconds.ToString("0.0", Inv) + "s" : ((int)t.TotalSeconds).ToString(Inv) + "s";
        if (t.TotalMinutes < 60) return $"{(int)t.TotalMinutes}m{t.Seconds:D2}s";
        return $"{(int)t.TotalHours}h{t.Minutes:D2}m";
    }

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static string Pad(string s, int n) => Cut(s, n).PadRight(n);

    private static string Fit(string s, int w) => s.Length <= w ? s.TrimEnd() : s[..w];

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        try { _task.Wait(TimeSpan.FromSeconds(3)); } catch (AggregateException) { }
        _log.RouteTo(null);
        _stop.Dispose();
    }
}
