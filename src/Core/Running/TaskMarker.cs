using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Util;

namespace Pipeline.Core.Running;

/// <summary>
/// A task's completion marker (<c>output_dir/_tasks/[stageS.]task-IIII-of-NNNN.done</c>): written only after the task
/// completed, it says which DAG (hash), task and stage it belongs to, so a rerun can skip it or refuse a changed DAG.
/// </summary>
/// <param name="DagHash">SHA-256 of the DAG text that ran.</param>
/// <param name="TaskIndex">Task index.</param>
/// <param name="TaskCount">Task count.</param>
/// <param name="Stage">Stage of a staged DAG (0 = whole DAG).</param>
/// <param name="RunId">The run's id (as in stats and the ledger).</param>
/// <param name="CompletedAt">When the task completed.</param>
public sealed record TaskMarker(string DagHash, int TaskIndex, int TaskCount, int Stage, string RunId, DateTimeOffset CompletedAt)
{
    /// <summary>Folder of the markers under an output folder.</summary>
    public static string Folder(string outputDirectory) => Path.Combine(outputDirectory, "_tasks");

    /// <summary>Path of the marker of one task.</summary>
    public static string PathOf(string outputDirectory, int stage, int taskIndex, int taskCount) =>
        Path.Combine(Folder(outputDirectory), $"{(stage > 0 ? $"stage{stage}." : "")}task-{taskIndex:D4}-of-{taskCount:D4}.done");

    /// <summary>Every marker of <paramref name="stage"/> in the output folder (unreadable ones come back with an empty hash).</summary>
    public static IReadOnlyList<(string Path, TaskMarker Marker)> ReadAll(string outputDirectory, int stage)
    {
        var dir = Folder(outputDirectory);
        if (!Directory.Exists(dir)) return [];
        var prefix = stage > 0 ? $"stage{stage}.task-" : "task-";
        var list = new List<(string, TaskMarker)>();
        foreach (var f in Directory.EnumerateFiles(dir, "*.done").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(f);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (Read(f) is { } m) list.Add((f, m));
        }
        return list;
    }

    /// <summary>Reads a marker; null when the file is missing. A marker from before hashes were stored reads with an empty hash.</summary>
    public static TaskMarker? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var name = Path.GetFileNameWithoutExtension(path);
        int at = name.IndexOf("task-", StringComparison.Ordinal);
        var parts = name[(at + 5)..].Split("-of-");
        int index = int.Parse(parts[0], CultureInfo.InvariantCulture), count = int.Parse(parts[1], CultureInfo.InvariantCulture);
        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path))?.AsObject();
            return new TaskMarker(o?["dag_hash"]?.GetValue<string>() ?? "", index, count, o?["stage"]?.GetValue<int>() ?? 0,
                o?["run_id"]?.GetValue<string>() ?? "", o?["completed_at"]?.GetValue<DateTimeOffset>() ?? default);
        }
        catch (JsonException)
        {
            return new TaskMarker("", index, count, 0, "", default);
        }
    }

    /// <summary>Writes the marker atomically.</summary>
    public void Write(string outputDirectory)
    {
        var path = PathOf(outputDirectory, Stage, TaskIndex, TaskCount);
        using var file = new AtomicFile(path);
        using (var w = new Utf8JsonWriter(file.Stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dag_hash", DagHash);
            w.WriteNumber("task_index", TaskIndex);
            w.WriteNumber("task_count", TaskCount);
            w.WriteNumber("stage", Stage);
            w.WriteString("run_id", RunId);
            w.WriteString("completed_at", CompletedAt);
            w.WriteEndObject();
        }
        file.Commit();
    }
}
