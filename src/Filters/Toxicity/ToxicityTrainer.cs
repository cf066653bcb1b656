namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Runs a <see cref="ToxicityTrainingSpec"/>: reads every source, holds out the same hash-chosen fraction of each,
/// weights training rows so each source contributes its share (optionally class-balanced), trains with the word
/// lists as features, picks the threshold on the held-out split of <see cref="ToxicityTrainingSpec.ThresholdSource"/>
/// and reports held-out figures per source at that threshold.
/// </summary>
public static class ToxicityTrainer
{
    /// <summary>Trains and evaluates.</summary>
    public static ToxicityTrainingResult Train(ToxicityTrainingSpec spec)
    {
        var lexicon = BuildLexicon(spec);
        var splits = Read(spec);
        var train = new List<LabelledText>();
        var weights = new List<double>();
        double shareSum = spec.Sources.Sum(s => s.Share);
        int total = splits.Sum(s => s.Train.Count);
        foreach (var (source, rows, _) in splits)
        {
            double share = source.Share / shareSum * total;
            int positives = rows.Count(r => r.Positive), negatives = rows.Count - positives;
            foreach (var r in rows)
            {
                train.Add(r);
                weights.Add(source.Balance && positives > 0 && negatives > 0
                    ? share / (2.0 * (r.Positive ? positives : negatives))
                    : share / rows.Count);
            }
        }
        var model = LinearTextClassifier.Train(train, weights, lexicon, spec.Bits, spec.Epochs, spec.LearningRate, spec.L2, spec.Seed);
        var thresholdSource = splits.FirstOrDefault(s => s.Source.Name == spec.ThresholdSource);
        if (thresholdSource.Test is { Count: > 0 } picker)
            model = model.WithThreshold(ChooseThreshold(picker.Select(r => model.Score(r.Text)).ToList(), picker.Select(r => r.Positive).ToList()));
        return new ToxicityTrainingResult(model, Evaluate(model, splits));
    }

    /// <summary>Held-out figures of <paramref name="model"/> (at its threshold) on every source of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<ToxicitySourceMetrics> Evaluate(ToxicityTrainingSpec spec, LinearTextClassifier model) => Evaluate(model, Read(spec));

    private static List<ToxicitySourceMetrics> Evaluate(LinearTextClassifier model, List<(ToxicitySource Source, List<LabelledText> Train, List<LabelledText> Test)> splits) =>
        splits.Select(s => new ToxicitySourceMetrics(s.Source.Name, s.Train.Count, s.Test.Count,
            BinaryMetrics.Compute(s.Test.Select(r => model.Score(r.Text)).ToList(), s.Test.Select(r => r.Positive).ToList(), model.Threshold))).ToList();

    /// <summary>
    /// The threshold with the best F1 on (scores, labels); where several are within 0.01 F1 of the best, the median
    /// of those, so that one held-out row does not move it to the edge of a plateau.
    /// </summary>
    public static double ChooseThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var candidates = scores.Select(s => Math.Round(s, 4)).Distinct().Order().ToList();
        if (candidates.Count == 0) return 0.5;
        var f1 = candidates.Select(t => BinaryMetrics.Compute(scores, labels, t).F1).ToList();
        double best = f1.Max();
        var near = candidates.Where((_, i) => f1[i] >= best - 0.01).ToList();
        return Math.Clamp(near[near.Count / 2], 0.0, 1.0);
    }

    private static FeatureLexicon BuildLexicon(ToxicityTrainingSpec spec)
    {
        if (spec.Lexicons.Count == 0) return FeatureLexicon.Empty;
        var weights = spec.Severity.Length > 0 ? ToxicityLexicon.ReadWeights(spec.Resolve(spec.Severity)) : null;
        // a CSV (surge-profanity style) contributes its term column, a plain list (LDNOOBW) its lines
        return FeatureLexicon.Build(spec.Lexicons.Select(spec.Resolve).SelectMany(l =>
            l.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ToxicityLexicon.ReadWeights(l).Keys : ToxicityLexicon.ReadTerms(l)), weights);
    }

    private static List<(ToxicitySource Source, List<LabelledText> Train, List<LabelledText> Test)> Read(ToxicityTrainingSpec spec) =>
        spec.Sources.Select(s =>
        {
            var rows = LabelledText.ReadCsv(spec.Resolve(s.Path), s.TextColumn, s.LabelColumn, s.Positive, s.Delimiter[0], s.PositiveMin, s.SoftLabels);
            var (train, test) = ToxicityEvaluation.Split(rows, spec.HeldOut);
            return (s, train, test);
        }).ToList();
}
