namespace Pipeline.Cli;

/// <summary>One job of a scheduler run: an array over the tasks (<paramref name="Tasks"/> of them; 0 = the run's task count), or a single job; <paramref name="MemoryBytes"/> its memory request, when set.</summary>
internal sealed record SubmitJob(string Name, bool Array, string[] Args, int Tasks = 0, long? MemoryBytes = null);
