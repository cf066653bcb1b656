namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the tokens area.</summary>
internal static class TokensWorkloads
{
    public static IEnumerable<Workload> All() => [];
}
