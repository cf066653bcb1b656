using System.Globalization;
using Pipeline.Core.Steps;

namespace Pipeline.Cli;

/// <summary>
/// Timestamped lines on stderr (the only place the engine's messages reach the console). Off a terminal every line
/// starts with an ISO-8601 timestamp with offset (2026-12-01T19:50:03+00:00) for schedulers' logs; while a live
/// progress view runs, lines go to it instead (it prints them above its table, so the two never interleave).
/// </summary>
internal sealed class ConsoleRunLog(TextWriter writer, bool quiet = false, TimeProvider? clock = null) : IRunLog
{
    private readonly object _lock = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private Action<string>? _route;
    private int _warnings;

    public int Warnings => _warnings;

    /// <summary>The clock stamps come from.</summary>
    public TimeProvider Clock => _clock;

    public void Info(string message)
    {
        if (quiet) return;
        Emit(message);
    }

    public void Warn(string message)
    {
        int n = Interlocked.Increment(ref _warnings);
        if (n > 200)
        {
            if (n == 201) Emit("warn: more than 200 warnings; further ones are counted in stats.json only");
            return;
        }
        Emit($"warn: {message}");
    }

    /// <summary>A timestamped line that is not an engine message (periodic progress lines).</summary>
    public void Line(string text) => Emit(text);

    /// <summary>Sends lines to <paramref name="sink"/> (a live view) instead of the writer; null sends them back.</summary>
    public void RouteTo(Action<string>? sink)
    {
        lock (_lock) _route = sink;
    }

    /// <summary>ISO-8601 with offset, to the second: 2026-12-01T19:50:03+00:00.</summary>
    public static string IsoStamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private void Emit(string text)
    {
        var now = _clock.GetLocalNow();
        lock (_lock)
        {
            // on a terminal the date and zone are noise in an 80-column view; logs keep the full stamp
            if (_route is { } route) route($"{now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {text}");
            else writer.WriteLine($"{IsoStamp(now)} {text}");
        }
    }
}
