namespace Pipeline.Train;

/// <summary>What a training run produced.</summary>
public sealed record TrainResult(
    string LatestCheckpoint,
    string MetricsPath,
    long Step,
    IReadOnlyList<double> Losses,
    double? LastValLoss,
    double TokensPerSecond,
    string Device);
