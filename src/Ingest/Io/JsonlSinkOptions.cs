using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>Options of <c>sink.jsonl</c>.</summary>
public sealed class JsonlSinkOptions
{
    [Description("Output file, relative to output_dir (a task suffix is added in scheduler runs).")]
    [OutputPath]
    public string Path { get; init; } = "documents.jsonl";

    [Description("Gzip the output; default: when the path ends with .gz.")]
    public bool? Gzip { get; init; }
}
