using Pipeline.Core.Steps;

namespace Pipeline.Cli;

/// <summary>Plain timestamped lines on stderr (the only place the engine's messages reach the console).</summary>
internal sealed class ConsoleRunLog(TextWriter writer, bool quiet = false) : IRunLog
{
    private readonly object _lock = new();
    private int _warnings;

    public int Warnings => _warnings;

    public void Info(string message)
    {
        if (quiet) return;
        lock (_lock) writer.WriteLine($"{DateTime.Now:HH:mm:ss} {message}");
    }

    public void Warn(string message)
    {
        int n = Interlocked.Increment(ref _warnings);
        if (n > 200)
        {
            if (n == 201) lock (_lock) writer.WriteLine($"{DateTime.Now:HH:mm:ss} warn: more than 200 warnings; further ones are counted in stats.json only");
            return;
        }
        lock (_lock) writer.WriteLine($"{DateTime.Now:HH:mm:ss} warn: {message}");
    }
}
