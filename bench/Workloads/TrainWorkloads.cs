namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the train area.</summary>
internal static class TrainWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
