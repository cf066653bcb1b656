using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>Options of <c>ingest.jsonl</c>.</summary>
public sealed class JsonlSourceOptions : InputErrorOptions
{
    [Description("JSONL files or globs (.jsonl, .jsonl.gz); empty: the jsonl \"documents\" artifacts of the steps in needs.")]
    [InputPath(Optional = true)]
    public string[] Paths { get; init; } = [];

    [Description("Key of the text field.")]
    public string TextKey { get; init; } = "text";

    [Description("Key of the id field; when absent a stable id is made from file and byte offset.")]
    public string IdKey { get; init; } = "id";

    [Description("Key of the metadata object.")]
    public string MetadataKey { get; init; } = "metadata";

    [Description("When set, metadata 'domain' of every document (a corpus name such as \"shakespeare\").")]
    public string? Domain { get; init; }
}
