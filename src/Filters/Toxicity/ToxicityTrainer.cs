namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Runs a <see cref="ToxicityTrainingSpec"/>: reads every source, holds out the same hash-chosen fraction of each,
/// weights training rows so each source contributes its share (optionally class-balanced), trains with the word
/// lists as features, picks the threshold for <see cref="ToxicityTrainingSpec.ThresholdSource"/> (on its held-out split,
/// or on cross-validated scores of its training rows) and reports held-out figures per source at that threshold.
/// </summary>
public static partial class ToxicityTrainer
{
    /// <summary>Trains and evaluates.</summary>
    public static ToxicityTrainingResult Train(ToxicityTrainingSpec spec)
    {
        var lexicon = BuildLexicon(spec);
        var splits = Read(spec);
        var train = splits.SelectMany(s => s.Train).ToList();
        var source = splits.SelectMany((s, k) => s.Train.Select(_ => k)).ToArray();
        var features = LinearTextClassifier.FeaturesOf(train, spec.Bits, lexicon);
        var all = Enumerable.Range(0, train.Count).ToList();
        var model = Fit(spec, lexicon, splits, train, source, features, all);
        int picker = splits.FindIndex(s => s.Source.Name == spec.ThresholdSource);
        if (picker >= 0 && spec.ThresholdFolds >= 2)
            model = model.WithThreshold(CrossValidatedThreshold(spec, lexicon, splits, train, source, features, picker));
        else if (picker >= 0 && splits[picker].Test is { Count: > 0 } heldOut)
            model = model.WithThreshold(ChooseThreshold(heldOut.Select(r => model.Score(r.Text)).ToList(), heldOut.Select(r => r.Positive).ToList()));
        return new ToxicityTrainingResult(model, Evaluate(model, splits));
    }

    /// <summary>
    /// The threshold source's training rows fall into k folds by text hash (independent of the held-out hash); each
    /// fold is scored by a model trained on every other training row, and the threshold is chosen on those pooled
    /// out-of-fold scores. Folds train in parallel; each is deterministic, so the result is too.
    /// </summary>
    private static double CrossValidatedThreshold(ToxicityTrainingSpec spec, FeatureLexicon lexicon, List<Split> splits, List<LabelledText> train,
        int[] source, (int[] Idx, float[] Val)[] features, int picker)
    {
        int k = spec.ThresholdFolds;
        var fold = train.Select((r, i) => source[i] == picker ? (int)(LabelledText.TextHash(r.Text) / 10000 % (ulong)k) : -1).ToArray();
        var scores = new double[train.Count];
        Parallel.For(0, k, f =>
        {
            var rows = Enumerable.Range(0, train.Count).Where(i => fold[i] != f).ToList();
            var model = Fit(spec, lexicon, splits, train, source, features, rows);
            for (int i = 0; i < train.Count; i++) if (fold[i] == f) scores[i] = model.Score(train[i].Text);
        });
        var picked = Enumerable.Range(0, train.Count).Where(i => fold[i] >= 0).ToList();
        return ChooseThreshold(picked.Select(i => scores[i]).ToList(), picked.Select(i => train[i].Positive).ToList());
    }

    /// <summary>Trains on the training rows <paramref name="rows"/>, weighted so that each source has its share (class-balanced where asked).</summary>
    private static LinearTextClassifier Fit(ToxicityTrainingSpec spec, FeatureLexicon lexicon, List<Split> splits, List<LabelledText> train,
        int[] source, (int[] Idx, float[] Val)[] features, List<int> rows)
    {
        double shareSum = spec.Sources.Sum(s => s.Share);
        var positives = new int[splits.Count];
        var counts = new int[splits.Count];
        foreach (var i in rows)
        {
            counts[source[i]]++;
            if (train[i].Positive) positives[source[i]]++;
        }
        var weights = new List<double>(rows.Count);
        foreach (var i in rows)
        {
            var s = splits[source[i]].Source;
            int c = counts[source[i]], pos = positives[source[i]], neg = c - pos;
            double share = s.Share / shareSum * rows.Count;
            weights.Add(s.Balance && pos > 0 && neg > 0 ? share / (2.0 * (train[i].Positive ? pos : neg)) : share / c);
        }
        return LinearTextClassifier.Train(rows.Select(i => features[i]).ToArray(), rows.Select(i => train[i].Target).ToList(), weights, lexicon,
            spec.Bits, spec.Epochs, spec.LearningRate, spec.L2, spec.Seed, spec.NaiveBayes);
    }

    /// <summary>Held-out figures of <paramref name="model"/> (at its threshold) on every source of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<ToxicitySourceMetrics> Evaluate(ToxicityTrainingSpec spec, LinearTextClassifier model) => Evaluate(model, Read(spec));

    private static List<ToxicitySourceMetrics> Evaluate(LinearTextClassifier model, List<Split> splits) =>
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

    private static List<Split> Read(ToxicityTrainingSpec spec) =>
        spec.Sources.Select(s =>
        {
            var rows = s.Format == "jsonl"
                ? ReadNegatives(spec.Resolve(s.Path), s)
                : LabelledText.ReadCsv(spec.Resolve(s.Path), s.TextColumn, s.LabelColumn, s.Positive, s.Delimiter[0], s.PositiveMin, s.SoftLabels);
            var (train, test) = ToxicityEvaluation.Split(rows, spec.HeldOut);
            return new Split(s, train, test);
        }).ToList();

    /// <summary>Negative rows of a JSON-lines source (see <see cref="ToxicitySource.AllNegative"/>); a malformed line fails with its number.</summary>
    private static List<LabelledText> ReadNegatives(string path, ToxicitySource source)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"source file '{path}' not found", path);
        var rows = new List<LabelledText>();
        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            string text;
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                var o = json.RootElement;
                if (o.ValueKind != System.Text.Json.JsonValueKind.Object || !o.TryGetProperty(source.TextColumn, out var t) || t.ValueKind != System.Text.Json.JsonValueKind.String)
                    throw new InvalidDataException($"{path}: line {number}: no string field '{source.TextColumn}'");
                bool keep = true;
                foreach (var (field, min) in source.MinFields)
                    if (!o.TryGetProperty(field, out var v) || v.ValueKind != System.Text.Json.JsonValueKind.Number)
                        throw new InvalidDataException($"{path}: line {number}: no numeric field '{field}'");
                    else if (v.GetDouble() < min) keep = false;
                if (!keep) continue;
                text = t.GetString()!;
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {number}: {ex.Message}", ex);
            }
            foreach (var piece in source.Sentences ? SentenceEnd().Split(text) : [text])
            {
                var row = piece.Trim();
                if (row.Length < (source.Sentences ? 20 : 1)) continue;
                if (source.WithWordClass && !TextFeatures.NormalisedWords(row, out _).Any(w => WordClasses.Of(w) is not null)) continue;
                rows.Add(new LabelledText(row, false));
            }
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no rows kept");
        return rows;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial System.Text.RegularExpressions.Regex SentenceEnd();

    private sealed record Split(ToxicitySource Source, List<LabelledText> Train, List<LabelledText> Test);
}
