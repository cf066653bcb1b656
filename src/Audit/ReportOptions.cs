using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary>Options of <c>audit.report</c>.</summary>
public sealed class ReportOptions
{
    [Description("Report title; default: the DAG's name")]
    public string? Title { get; init; }

    [Description("metrics.jsonl for the loss curve; default: a needed train step's metrics, else the stability audit's")]
    [InputPath(Optional = true)]
    public string? Metrics { get; init; }

    [Description("Shard-set folder for tokens per domain and current mixture weights; default: a needed tokens.shards step")]
    [InputPath(Optional = true)]
    public string? Shards { get; init; }

    [Description("Output folder under output_dir for report.html, report.md and next_mixture.json")]
    [OutputPath]
    public string Output { get; init; } = "audit";

    [Description("Write next_mixture.json (the recommended weights for tokens.shards)")]
    public bool Mixture { get; init; } = true;
}
