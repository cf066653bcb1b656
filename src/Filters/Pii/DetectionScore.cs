namespace Pipeline.Filters.Pii;

/// <summary>
/// Counts and precision/recall/F1 for one entity type. Precision counts predictions (<see cref="TruePositives"/>
/// overlap a label), recall counts labels (<see cref="MatchedLabels"/> are overlapped by a prediction; when not
/// given, the same as <see cref="TruePositives"/>): one prediction spanning a whole address finds all its labelled parts.
/// </summary>
public sealed record DetectionScore(string Type, int TruePositives, int FalsePositives, int FalseNegatives, int? MatchedLabels = null)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => Found + FalseNegatives == 0 ? 0 : (double)Found / (Found + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Number of labelled entities.</summary>
    public int Support => Found + FalseNegatives;

    private int Found => MatchedLabels ?? TruePositives;
}
