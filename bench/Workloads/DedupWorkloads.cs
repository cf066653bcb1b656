namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the dedup area.</summary>
internal static class DedupWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
