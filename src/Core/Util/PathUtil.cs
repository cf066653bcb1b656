namespace Pipeline.Core.Util;

/// <summary>Path helpers shared by the runner and steps.</summary>
public static class PathUtil
{
    /// <summary>Absolute path of <paramref name="path"/> relative to <paramref name="baseDirectory"/> (absolute paths pass through).</summary>
    public static string Resolve(string baseDirectory, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    /// <summary><paramref name="path"/> relative to <paramref name="baseDirectory"/> with '/' separators.</summary>
    public static string Relative(string baseDirectory, string path) =>
        Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');

    /// <summary>Output path with the task suffix before the extension(s): "a/docs.jsonl.gz" → "a/docs.task-0001.jsonl.gz".</summary>
    public static string TaskOutputPath(string outputDirectory, string relative, string taskSuffix)
    {
        var full = Resolve(outputDirectory, relative);
        if (taskSuffix.Length == 0) return full;
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        int dot = name.IndexOf('.', 1);
        var stem = dot < 0 ? name : name[..dot];
        var ext = dot < 0 ? "" : name[dot..];
        return Path.Combine(dir, stem + taskSuffix + ext);
    }
}
