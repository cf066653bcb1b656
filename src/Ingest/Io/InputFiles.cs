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

    /// <summary>
    /// Opens <paramref name="path"/> for sequential reading, decompressing ".gz" with every member checked (a cut or
    /// corrupt file raises <see cref="Warc.WarcFormatException"/> rather than ending early without a word).
    /// </summary>
    public static Stream OpenRead(string path) => OpenRead(path, out _);

    /// <summary>As <see cref="OpenRead(string)"/>, also giving the position in the file's own bytes (compressed bytes for
    /// ".gz"), which is a reader's progress.</summary>
    public static Stream OpenRead(string path, out InputPosition file)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            var gz = new CheckedGzipStream(path);
            file = new InputPosition(new FileInfo(path).Length, () => gz.FilePosition);
            return gz;
        }
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        file = new InputPosition(fs.Length, () => fs.Position);
        return fs;
    }
}
