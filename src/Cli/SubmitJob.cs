namespace Pipeline.Cli;

/// <summary>One job of a scheduler run: an array over the tasks, or a single job.</summary>
internal sealed record SubmitJob(string Name, bool Array, string[] Args);
