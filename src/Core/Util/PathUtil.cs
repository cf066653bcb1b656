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

    /// <summary>How a file a run wrote is stored inside another file of the run (a manifest, a checkpoint's state):
    /// relative to <paramref name="folder"/> (the folder of the file that stores it) when <paramref name="value"/> is an
    /// absolute path, so a run folder can be moved or copied and still be read; a name (a prebuilt tokenizer such as
    /// <c>cl100k_base</c>) or null is kept as is.</summary>
    public static string? ToPortable(string folder, string? value)
    {
        if (value is null || !Path.IsPathRooted(value)) return value;
        var relative = Relative(folder, value);
        return relative.Contains('/', StringComparison.Ordinal) ? relative : "./" + relative; // never mistaken for a name
    }

    /// <summary>The inverse of <see cref="ToPortable"/>: a stored relative path resolved against <paramref name="folder"/>;
    /// absolute paths (written by earlier versions) and names without a folder part are returned as they are.</summary>
    public static string? FromPortable(string folder, string? value) =>
        value is null || Path.IsPathRooted(value) || !(value.Contains('/', StringComparison.Ordinal) || value.StartsWith('.')) ? value : Resolve(folder, value);

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
