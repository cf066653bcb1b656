namespace Pipeline.Filters.Pii;

/// <summary>Counts and precision/recall/F1 for one entity type.</summary>
public sealed record DetectionScore(string Type, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Number of labelled entities.</summary>
    public int Support => TruePositives + FalseNegatives;
}
