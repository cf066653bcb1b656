namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the audit area.</summary>
internal static class AuditWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
