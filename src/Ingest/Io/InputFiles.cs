using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>Input files of a reader: its <c>paths</c> globs, or else the "documents" artifacts of the steps it needs.</summary>
internal static class InputFiles
{
    /// <summary>
    /// This task's share of the files to read. With no <paramref name="paths"/>, takes needed "documents"
    /// artifacts whose format is <paramref name="format"/> (or whose name ends with one of <paramref name="extensions"/>).
    /// </summary>
    public static IReadOnlyList<string> Resolve(StepContext context, string[] paths, string format, params string[] extensions)
    {
        IReadOnlyList<string> files;
        if (paths.Length > 0)
        {
            files = context.ExpandInputs(paths);
            if (files.Count == 0) throw new FileNotFoundException($"no input files match {string.Join(", ", paths)}");
        }
        else
        {
            var artifacts = context.InputsOfKind("documents")
                .Where(a => a.Get("format") == format || extensions.Any(e => a.Path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            // An artifact is already one task's output: read all of them rather than sharing them out again.
            return artifacts.Select(a => a.Path).Where(File.Exists).ToList();
        }
        return context.TaskShare(files);
    }

    /// <summary>Opens <paramref name="path"/> for sequential reading, decompressing ".gz".</summary>
    public static Stream OpenRead(string path) => OpenRead(path, out _);

    /// <summary>As <see cref="OpenRead(string)"/>, also giving the underlying file (its position is progress in file bytes).</summary>
    public static Stream OpenRead(string path, out FileStream file)
    {
        var fs = file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return fs;
        return new System.IO.Compression.GZipStream(fs, System.IO.Compression.CompressionMode.Decompress, leaveOpen: false);
    }
}
