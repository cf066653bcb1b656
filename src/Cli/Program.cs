using System.Runtime.InteropServices;
using Pipeline.Cli;

using var cts = new CancellationTokenSource();
int signals = 0;
void OnSignal()
{
    // Cooperative first: every command watches the token (steps, DuckDB queries are interrupted). A watchdog makes
    // the 2-second promise hold even where work cannot be interrupted: 1.5 s after the signal the process exits 130.
    if (Interlocked.Increment(ref signals) > 1) Environment.Exit(130);
    CancelWatchdog.Start(TimeSpan.FromMilliseconds(1500));
    ThreadPool.QueueUserWorkItem(_ => cts.Cancel());
}
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    OnSignal();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    OnSignal();
});
return await CliApp.RunAsync(args, Console.Out, Console.Error, cts.Token, interactive: true).ConfigureAwait(false);
