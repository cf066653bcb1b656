using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.minhash_filter</c>.</summary>
public sealed class MinHashFilterOptions
{
    [Description("Folder written by `pipeline dedup cluster --output`; the step reads this task's removals.tsv (removals.task-NNNN.tsv when the run is split into tasks). In a staged DAG it is written between the stages, so it need not exist when the DAG is validated.")]
    [Required]
    [InputPath(WrittenByEarlierStage = true)]
    public string Removals { get; init; } = "";
}
