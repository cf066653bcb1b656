using System.Text;

namespace Pipeline.Filters.Text;

/// <summary>Shared file handling of the filters' trained models: atomic save, load from a path or from an embedded resource.</summary>
internal static class ModelFile
{
    /// <summary>Writes through <paramref name="write"/> to a temp file, then renames it over <paramref name="path"/>.</summary>
    public static void Save(string path, Action<BinaryWriter> write)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8)) write(w);
        File.Move(tmp, path, true);
    }

    /// <summary>Reads <paramref name="path"/> with <paramref name="read"/>; a missing file says how to make one.</summary>
    public static T Load<T>(string path, string what, string trainCommand, Func<Stream, string, T> read)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} '{path}' not found; train one with `{trainCommand}`", path);
        using var stream = File.OpenRead(path);
        return read(stream, path);
    }

    /// <summary>Reads the model embedded in this assembly as <paramref name="resource"/>.</summary>
    public static T LoadBuiltIn<T>(string resource, string what, Func<Stream, string, T> read)
    {
        var assembly = typeof(ModelFile).Assembly;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the built-in {what} ({resource}) is missing from {assembly.GetName().Name}");
        return read(stream, "built-in " + what);
    }
}
