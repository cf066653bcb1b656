namespace Pipeline.Core.Running;

/// <summary>One per-task output as its header or row records it: which task of which run wrote it.</summary>
/// <param name="Path">File (or a label) named in messages.</param>
/// <param name="TaskIndex">Task index recorded in the file.</param>
/// <param name="TaskCount">Task count recorded in the file.</param>
/// <param name="DagHash">DAG hash recorded in the file ("" when the file predates hashes).</param>
public sealed record TaskFile(string Path, int TaskIndex, int TaskCount, string DagHash);
