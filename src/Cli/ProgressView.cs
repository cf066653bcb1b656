using Pipeline.Core.Running;
using Spectre.Console;

namespace Pipeline.Cli;

/// <summary>
/// Live per-step counts and rates on a terminal (Spectre.Console); plain periodic lines when output is
/// redirected (schedulers' logs), nothing when quiet.
/// </summary>
internal sealed class ProgressView : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;

    private ProgressView(Func<IReadOnlyList<StepStats>?> stats, CommandContext ctx, bool live)
    {
        _task = live ? Task.Run(() => LiveAsync(stats)) : Task.Run(() => LinesAsync(stats, ctx.Error));
    }

    public static IDisposable Start(Func<IReadOnlyList<StepStats>?> stats, CommandContext ctx, bool quiet)
    {
        if (quiet) return new ProgressView(stats, ctx, live: false) { Silent = true };
        bool live = ctx.Interactive && !Console.IsErrorRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return new ProgressView(stats, ctx, live);
    }

    private bool Silent { get; init; }

    private async Task LinesAsync(Func<IReadOnlyList<StepStats>?> stats, TextWriter w)
    {
        var started = DateTime.UtcNow;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token).ConfigureAwait(false);
                if (Silent || stats() is not { } s) continue;
                var secs = (DateTime.UtcNow - started).TotalSeconds;
                var parts = s.Select(x => $"{x.StepId}={x.Out}");
                w.WriteLine($"{DateTime.Now:HH:mm:ss} progress {secs:F0}s: {string.Join(" ", parts)}");
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task LiveAsync(Func<IReadOnlyList<StepStats>?> stats)
    {
        var started = DateTime.UtcNow;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "uses", "in", "out", "dropped", "errors", "docs/s");
        try
        {
            await AnsiConsole.Live(table).StartAsync(async c =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    table.Rows.Clear();
                    var secs = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    foreach (var s in stats() ?? [])
                        table.AddRow(s.StepId, s.Uses, s.In.ToString("N0"), s.Out.ToString("N0"), s.Dropped.ToString("N0"), s.Errors.ToString("N0"), (s.In / secs).ToString("N0"));
                    c.Refresh();
                    try { await Task.Delay(500, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { break; }
                }
            }).ConfigureAwait(false);
        }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        try { _task.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
