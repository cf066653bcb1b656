namespace Pipeline.Train;

/// <summary>Where training stands after an optimiser step.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Loss">Training loss of this step.</param>
/// <param name="TokensPerSecond">Throughput of this step.</param>
/// <param name="ValLoss">Latest validation loss, if any.</param>
internal sealed record TrainProgress(int Step, int Steps, double Loss, double TokensPerSecond, double? ValLoss);
