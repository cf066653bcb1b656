namespace Pipeline.Dedup;

/// <summary>Options of <c>dedup.exact</c>.</summary>
public sealed class ExactDedupOptions : ExactKeyOptions
{
}
