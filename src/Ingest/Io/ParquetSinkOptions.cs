using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>Options of <c>sink.parquet</c>.</summary>
public sealed class ParquetSinkOptions
{
    [Description("Output file, relative to output_dir (a task suffix is added in scheduler runs).")]
    [OutputPath]
    public string Path { get; init; } = "documents.parquet";

    [Description("Rows per row group (memory holds one row group).")]
    [Range(1, 10_000_000)]
    public int RowGroupSize { get; init; } = 10_000;
}
