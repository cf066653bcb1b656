namespace Pipeline.Dedup;

/// <summary>
/// A staged dedup task would need more memory than its budget (<c>--memory-per-task</c>): it stops before it
/// allocates (or as soon as it sees it would), rather than swapping or being killed by the scheduler.
/// </summary>
public sealed class MemoryBudgetExceededException(string message) : Exception(message)
{
}
