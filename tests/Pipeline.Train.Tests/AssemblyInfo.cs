using Xunit;

// torch's default generator (weight init, dropout) and thread pool are process-wide: tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
