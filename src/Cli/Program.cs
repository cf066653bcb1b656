using System.Runtime.InteropServices;
using Pipeline.Cli;
using Pipeline.Cli.Commands;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    cts.Cancel();
});
return await CliApp.RunAsync(args, Console.Out, Console.Error, cts.Token, interactive: true).ConfigureAwait(false);
