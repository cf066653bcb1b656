using Xunit;

namespace Pipeline.Testing;

/// <summary>A theory that skips, with the reason, when its file under ../shared/data is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips unless ../shared/data/<paramref name="relativePath"/> exists.</summary>
    public SharedDataTheoryAttribute(string relativePath)
    {
        RelativePath = relativePath;
        if (!SharedData.Exists(relativePath)) Skip = $"needs ../shared/data/{relativePath}, which is absent on this machine";
    }

    /// <summary>The required path under ../shared/data.</summary>
    public string RelativePath { get; }
}
