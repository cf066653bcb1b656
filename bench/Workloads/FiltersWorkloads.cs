namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the filters area.</summary>
internal static class FiltersWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
