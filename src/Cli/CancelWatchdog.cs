namespace Pipeline.Cli;

/// <summary>Ends the process with exit code 130 when a cancelled command has not finished within a grace period.</summary>
internal static class CancelWatchdog
{
    private static int _started;

    /// <summary>Starts the countdown (once).</summary>
    public static void Start(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        var thread = new Thread(() =>
        {
            Thread.Sleep(grace);
            try
            {
                Console.Error.WriteLine($"cancelled (stopped {grace.TotalSeconds:0.#} s after the signal; unfinished outputs stay as temporaries and are removed by the next run)");
                Console.Error.Flush();
            }
            catch (IOException)
            {
            }
            Environment.Exit(130);
        })
        { IsBackground = true, Name = "cancel-watchdog" };
        thread.Start();
    }
}
