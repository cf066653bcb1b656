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

    [Description("When set, metadata 'domain' of every document (a corpus name such as \"shakespeare\"); otherwise the registrable domain of the document's URL.")]
    public string? Domain { get; init; }

    [Description("Key of the top-level URL field (a \"source\" object's url is read first).")]
    public string UrlKey { get; init; } = "url";

    [Description("Key of the top-level licence field; \"licence\" also reads \"license\". Values are normalised to SPDX-style ids.")]
    public string LicenceKey { get; init; } = "licence";

    [Description("Top-level fields kept as metadata (besides the metadata object); null: every field that is not the id, text, url, licence, metadata or source; []: none.")]
    public string[]? MetadataFields { get; init; }

    [Description("Licence of every input file when a record names none (e.g. \"CC0-1.0\"); recorded with evidence 'declared'.")]
    public string? Licence { get; init; }

    [Description("Licence per path pattern (glob matched against the end of the file's path, e.g. {\"news/*.jsonl\": \"CC-BY-4.0\"}); the first match wins over 'licence'.")]
    public Dictionary<string, string>? LicenceByPath { get; init; }
}
