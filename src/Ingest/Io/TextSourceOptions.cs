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
}
