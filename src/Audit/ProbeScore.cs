namespace Pipeline.Audit;

/// <summary>How the model ranked one probe's answer: rank 1 is first (ties count half), log-probs in nats.</summary>
public sealed record ProbeScore(Probe Probe, double Rank, bool Correct, double AnswerLogProb, IReadOnlyList<double> DistractorLogProbs);
