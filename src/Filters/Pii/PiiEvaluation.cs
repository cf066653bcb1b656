namespace Pipeline.Filters.Pii;

/// <summary>
/// Scores <see cref="PiiDetector"/> on a labelled JSON file: an array of {"full_text", "spans": [{"entity_type",
/// "start_position", "end_position"}]}. A prediction is correct when it overlaps a labelled span of the same type
/// (precision counts predictions, recall counts labelled spans). Labelled types the detector does not look for are ignored.
/// </summary>
public static class PiiEvaluation
{
    /// <summary>Per-type scores for every type the detector looks for, in <see cref="PiiEntityTypes.Known"/> order.</summary>
    public static IReadOnlyList<DetectionScore> Evaluate(string path, PiiDetector? detector = null) => Evaluate(path, detector, null);

    /// <summary>Per-type scores; false positives and misses go to <paramref name="errors"/> when given.</summary>
    public static IReadOnlyList<DetectionScore> Evaluate(string path, PiiDetector? detector, List<PiiEvaluationError>? errors) =>
        Evaluate(path, detector, errors, PiiSplit.All);

    /// <summary>
    /// Per-type scores for the types <paramref name="detector"/> looks for, on the records of <paramref name="split"/>
    /// (held-out: the records whose template hashes into the 20% the entity model was not trained on).
    /// </summary>
    public static IReadOnlyList<DetectionScore> Evaluate(string path, PiiDetector? detector, List<PiiEvaluationError>? errors, PiiSplit split) =>
        Evaluate(path, detector, errors, split switch
        {
            PiiSplit.HeldOut => r => r.IsHeldOut(PiiEntityModel.HeldOutFraction),
            PiiSplit.Train => r => !r.IsHeldOut(PiiEntityModel.HeldOutFraction),
            _ => _ => true,
        });

    /// <summary>Per-type scores on the records <paramref name="include"/> selects.</summary>
    internal static IReadOnlyList<DetectionScore> Evaluate(string path, PiiDetector? detector, List<PiiEvaluationError>? errors, Func<PiiRecord, bool> include)
    {
        detector ??= new PiiDetector();
        var tp = new Dictionary<string, int>();
        var fp = new Dictionary<string, int>();
        var fn = new Dictionary<string, int>();
        var matched = new Dictionary<string, int>();
        foreach (var record in PiiRecord.ReadAll(path))
        {
            if (!include(record)) continue;
            var text = record.Text;
            var gold = record.Gold.Where(g => detector.Types.Contains(g.Type)).ToList();
            var predicted = detector.Detect(text);
            foreach (var p in predicted)
            {
                bool hit = gold.Any(g => g.Type == p.Type && g.Start < p.End && p.Start < g.End);
                Inc(hit ? tp : fp, p.Type);
                if (!hit) errors?.Add(new PiiEvaluationError(record.Index, p.Type, false, text.Substring(p.Start, p.Length), Around(text, p)));
            }
            foreach (var g in gold)
                if (predicted.Any(p => g.Type == p.Type && g.Start < p.End && p.Start < g.End)) Inc(matched, g.Type);
                else
                {
                    Inc(fn, g.Type);
                    errors?.Add(new PiiEvaluationError(record.Index, g.Type, true, text.Substring(g.Start, g.Length), Around(text, g)));
                }
        }
        return PiiEntityTypes.Known.Where(detector.Types.Contains).Select(t => new DetectionScore(t, tp.GetValueOrDefault(t), fp.GetValueOrDefault(t), fn.GetValueOrDefault(t), matched.GetValueOrDefault(t))).ToList();
    }

    private static string Around(string text, PiiMatch m)
    {
        int start = Math.Max(0, m.Start - 30), end = Math.Min(text.Length, m.End + 30);
        return text[start..end].ReplaceLineEndings(" ");
    }

    private static void Inc(Dictionary<string, int> d, string key) => d[key] = d.GetValueOrDefault(key) + 1;
}
