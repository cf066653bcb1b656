namespace Pipeline.Bench;

/// <summary>A named, repeatable benchmark. Args are the words after the workload name.</summary>
public sealed record Workload(string Name, string Summary, Func<string[], Task<BenchResult>> Run);
