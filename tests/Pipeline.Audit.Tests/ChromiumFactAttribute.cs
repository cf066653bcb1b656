using Xunit;

namespace Pipeline.Audit.Tests;

/// <summary>A fact that skips, saying why, when Debian's chromium is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"{Path} is absent (Debian package 'chromium'; .ci/run installs it): report rendering in a browser not checked";
    }
}
