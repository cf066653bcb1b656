using System.Runtime.InteropServices;
using Pipeline.Cli;

using var cts = new CancellationTokenSource();
long firstSignal = 0;
void OnSignal()
{
    // Cooperative first: every command watches the token (steps, DuckDB queries are interrupted). A watchdog makes
    // the 2-second promise hold even where work cannot be interrupted: 1.5 s after the signal the process exits 130.
    // A second signal within a second is the same request delivered twice (a scheduler signals the whole process
    // group and a job script forwards it too) and is ignored; a later one stops the process at once.
    long now = Environment.TickCount64;
    long first = Interlocked.CompareExchange(ref firstSignal, now, 0);
    if (first != 0)
    {
        if (now - first < 1000) return;
        Console.Error.WriteLine("cancelled (second signal: stopped at once; unfinished outputs stay as temporaries and are removed by the next run)");
        Environment.Exit(130);
    }
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
