namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the engine area.</summary>
internal static class EngineWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
