namespace Pipeline.Core.Steps;

/// <summary>Marks an option naming an output file or folder: resolved against the DAG's <c>output_dir</c>
/// (use <see cref="StepContext.OutputPath"/> to add the task suffix).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputPathAttribute : Attribute
{
}
