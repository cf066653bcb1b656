namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the ingest area.</summary>
internal static class IngestWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
