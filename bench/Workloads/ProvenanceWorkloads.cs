namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the provenance area.</summary>
internal static class ProvenanceWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
