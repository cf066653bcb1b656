namespace Pipeline.Filters.Toxicity;

/// <summary>Precision, recall, F1 (at a threshold) and ROC AUC of scores against binary labels.</summary>
public sealed record BinaryMetrics(int Count, int Positives, double Precision, double Recall, double F1, double RocAuc, double Accuracy)
{
    /// <summary>Computes the metrics; a score ≥ <paramref name="threshold"/> predicts positive.</summary>
    public static BinaryMetrics Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            bool p = scores[i] >= threshold;
            if (p && labels[i]) tp++; else if (p) fp++; else if (labels[i]) fn++; else tn++;
        }
        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(scores.Count, tp + fn, precision, recall, f1, Auc(scores, labels), scores.Count == 0 ? 0 : (double)(tp + tn) / scores.Count);
    }

    /// <summary>ROC AUC by the rank-sum formula, ties counted half.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var idx = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPos = 0;
        long pos = 0, neg = 0;
        int k = 0;
        while (k < idx.Length)
        {
            int j = k;
            while (j + 1 < idx.Length && scores[idx[j + 1]] == scores[idx[k]]) j++;
            double rank = (k + j) / 2.0 + 1;
            for (int m = k; m <= j; m++) if (labels[idx[m]]) { rankSumPos += rank; pos++; } else neg++;
            k = j + 1;
        }
        if (pos == 0 || neg == 0) return 0.5;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }
}
