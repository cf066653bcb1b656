namespace Pipeline.Audit;

/// <summary>Probe results of one domain.</summary>
public sealed record ProbeSummary(string Domain, int Count, double Accuracy, double MeanRank, double MeanAnswerLogProb, double ChanceAccuracy)
{
    /// <summary>Summaries per domain of <paramref name="scores"/>.</summary>
    public static List<ProbeSummary> Of(IEnumerable<ProbeScore> scores) =>
        scores.GroupBy(s => s.Probe.Domain, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProbeSummary(g.Key, g.Count(), g.Average(s => s.Correct ? 1.0 : 0.0), g.Average(s => s.Rank),
                g.Average(s => s.AnswerLogProb), g.Average(s => 1.0 / (1 + s.DistractorLogProbs.Count))))
            .ToList();
}
