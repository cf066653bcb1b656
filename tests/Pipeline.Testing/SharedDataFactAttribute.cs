using Xunit;

namespace Pipeline.Testing;

/// <summary>A fact that skips, with the reason, when its file under ../shared/data is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Skips unless ../shared/data/<paramref name="relativePath"/> exists.</summary>
    public SharedDataFactAttribute(string relativePath)
    {
        RelativePath = relativePath;
        if (!SharedData.Exists(relativePath)) Skip = $"needs ../shared/data/{relativePath}, which is absent on this machine";
    }

    /// <summary>Skips unless ../shared/data/<paramref name="relativePath"/> and every one of <paramref name="more"/> exist.</summary>
    public SharedDataFactAttribute(string relativePath, params string[] more)
        : this(relativePath)
    {
        foreach (var path in more)
            if (Skip is null && !SharedData.Exists(path)) Skip = $"needs ../shared/data/{path}, which is absent on this machine";
    }

    /// <summary>The required path under ../shared/data.</summary>
    public string RelativePath { get; }
}
