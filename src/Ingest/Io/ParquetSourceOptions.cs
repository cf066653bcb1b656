using System.ComponentModel;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>Options of <c>ingest.parquet</c>.</summary>
public sealed class ParquetSourceOptions : InputErrorOptions
{
    [Description("Parquet files or globs; empty: the parquet \"documents\" artifacts of the steps in needs.")]
    [InputPath(Optional = true)]
    public string[] Paths { get; init; } = [];

    [Description("Name of the text column.")]
    public string TextColumn { get; init; } = "text";

    [Description("Name of the id column; when missing or null a stable id is made from file and row number.")]
    public string IdColumn { get; init; } = "id";

    [Description("When set, metadata 'domain' of every document.")]
    public string? Domain { get; init; }

    [Description("Licence of every input file when a record names none (e.g. \"CC0-1.0\"); recorded with evidence 'declared'.")]
    public string? Licence { get; init; }

    [Description("Licence per path pattern (glob matched against the end of the file's path, e.g. {\"corpora/moby*.txt\": \"CC0-1.0\"}); the first match wins over 'licence'.")]
    public Dictionary<string, string>? LicenceByPath { get; init; }
}
