namespace Pipeline.Filters.Toxicity;

/// <summary>Held-out evaluation of the classifier and of a lexicon on the same rows.</summary>
public static class ToxicityEvaluation
{
    /// <summary>Splits rows deterministically by hash of the text: (train, held-out).</summary>
    public static (List<LabelledText> Train, List<LabelledText> Test) Split(IReadOnlyList<LabelledText> rows, double heldOut)
    {
        var train = new List<LabelledText>();
        var test = new List<LabelledText>();
        foreach (var r in rows) (LabelledText.IsHeldOut(r.Text, heldOut) ? test : train).Add(r);
        return (train, test);
    }

    /// <summary>Classifier metrics (probability ≥ <paramref name="threshold"/> is positive).</summary>
    public static BinaryMetrics Classifier(LinearTextClassifier model, IReadOnlyList<LabelledText> test, double threshold = 0.5) =>
        BinaryMetrics.Compute(test.Select(t => model.Score(t.Text)).ToList(), test.Select(t => t.Positive).ToList(), threshold);

    /// <summary>Lexicon metrics: the score is the weighted hit count; ≥ <paramref name="minWeightedHits"/> is positive.</summary>
    public static BinaryMetrics Lexicon(ToxicityLexicon lexicon, IReadOnlyList<LabelledText> test, double minWeightedHits = 1) =>
        BinaryMetrics.Compute(test.Select(t => lexicon.Match(t.Text).Weighted).ToList(), test.Select(t => t.Positive).ToList(), minWeightedHits);
}
