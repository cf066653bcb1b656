using Xunit;

namespace Pipeline.Cli.Tests;

/// <summary>A fact that needs Linux's /sys: a folder where nobody, root included, can create anything (a real read-only failure even for root, who ignores permission bits).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxSysFactAttribute : FactAttribute
{
    /// <summary>Skips, with the reason, where /sys/kernel is absent.</summary>
    public LinuxSysFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel")) Skip = "needs Linux /sys/kernel (a folder root cannot write) for a real read-only failure";
    }
}
