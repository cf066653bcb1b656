using System.CommandLine;
using System.Globalization;

namespace Pipeline.Cli;

/// <summary>Memory sizes on the command line: "2G", "512M", "1.5GB", "800K" or bytes (binary units: 1G = 2³⁰ bytes).</summary>
internal static class ByteSize
{
    public static long Parse(string text, string option)
    {
        var s = text.Trim().ToUpperInvariant();
        if (s.EndsWith('B') && s.Length > 1 && !char.IsDigit(s[^2])) s = s[..^1];
        long unit = s.Length == 0 ? 1 : s[^1] switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1 };
        if (unit > 1) s = s[..^1];
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || v * unit > long.MaxValue / 2)
            throw new UsageException($"{option} expects a size such as 2G, 512M or a number of bytes, got '{text}'");
        return (long)(v * unit);
    }

    /// <summary>The value of a size option, or null when it was not given.</summary>
    public static long? Parse(ParseResult result, Option<string?> option) =>
        result.GetValue(option) is { } text ? Parse(text, option.Name) : null;

    /// <summary>The size as Slurm's --mem and Kubernetes accept it (whole mebibytes).</summary>
    public static string Megabytes(long bytes) => $"{Math.Max(1, bytes >> 20)}M";
}
