using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.exact_filter</c>.</summary>
public sealed class ExactFilterOptions
{
    [Description("Folder the bucket tasks (`pipeline dedup buckets`) write exact-duplicate removal lists to; the step reads this task's exact[.task-NNNN].part-K-of-M.tsv, all M of them. Written between the stages, so it need not exist when the DAG is validated.")]
    [Required]
    [InputPath(WrittenByEarlierStage = true)]
    public string Removals { get; init; } = "";
}
