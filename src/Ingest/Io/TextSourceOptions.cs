using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>Options of <c>ingest.text</c>.</summary>
public sealed class TextSourceOptions : InputErrorOptions
{
    [Description("Text files or globs (UTF-8; .gz is decompressed).")]
    [InputPath]
    public string[] Paths { get; init; } = [];

    [Description("file: one document per file; line: one per non-empty line; paragraph: one per blank-line-separated paragraph.")]
    [AllowedValues("file", "line", "paragraph")]
    public string Mode { get; init; } = "file";

    [Description("When set, metadata 'domain' of every document (a corpus name such as \"shakespeare\").")]
    public string? Domain { get; init; }

    [Description("Licence of every input file when a record names none (e.g. \"CC0-1.0\"); recorded with evidence 'declared'.")]
    public string? Licence { get; init; }

    [Description("Licence per path pattern (glob matched against the end of the file's path, e.g. {\"corpora/moby*.txt\": \"CC0-1.0\"}); the first match wins over 'licence'.")]
    public Dictionary<string, string>? LicenceByPath { get; init; }
}
