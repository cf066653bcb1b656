using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>
/// Runs <c>dedup.minhash</c> over a labelled set and scores it (the logic behind <c>pipeline dedup eval</c>):
/// synthetic near duplicates against exact-Jaccard truth inside each synthetic cluster, and the real dev set
/// (<see cref="NearDupDevSet"/>) against two truths, reported separately — exact-Jaccard truth (every pair, any
/// pages, at least the threshold similar) and same-page truth (every pair of variants of one page, whatever their
/// similarity).
/// </summary>
public static class DedupEvaluation
{
    /// <summary>Removals of a <c>dedup.minhash</c> run with <paramref name="options"/> over <paramref name="documents"/> in order.</summary>
    public static async Task<Dictionary<string, (string Match, string Cluster)>> RunAsync(IReadOnlyList<Document> documents, MinHashOptions options, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("pipeline-dedup-eval-");
        try
        {
            var step = new MinHashStep(options);
            var context = StepContext.ForTool("dedup-eval", dir.FullName);
            await step.OpenAsync(context, cancellationToken).ConfigureAwait(false);
            var docs = documents as Document[] ?? documents.ToArray();
            var outcomes = new Outcome[docs.Length];
            for (int i = 0; i < docs.Length; i += 1024)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = Math.Min(1024, docs.Length - i);
                await step.ProcessBatchAsync(docs.AsMemory(i, n), outcomes.AsMemory(i, n), context, cancellationToken).ConfigureAwait(false);
            }
            await step.CompleteAsync(context, cancellationToken).ConfigureAwait(false);
            return DuplicateQuality.Removals(outcomes);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Scores a synthetic corpus (documents carry <c>synthetic_cluster</c>): exact-Jaccard truth inside each cluster.</summary>
    public static async Task<QualityReport> SyntheticAsync(IReadOnlyList<Document> documents, MinHashOptions options, CancellationToken cancellationToken) =>
        DuplicateQuality.Evaluate(documents, await RunAsync(documents, options, cancellationToken).ConfigureAwait(false), Threshold(options));

    /// <summary>Scores the real dev set against exact-Jaccard truth and against same-page truth.</summary>
    public static async Task<(QualityReport ExactTruth, QualityReport SamePageTruth)> DevSetAsync(IReadOnlyList<Document> documents, MinHashOptions options, CancellationToken cancellationToken)
    {
        var removed = await RunAsync(documents, options, cancellationToken).ConfigureAwait(false);
        return (NearDupDevSet.Evaluate(documents, removed, Threshold(options)), NearDupDevSet.EvaluateSamePage(documents, removed));
    }

    /// <summary>
    /// Pairs of <paramref name="report"/>'s truth groups whose exact similarity is below <paramref name="threshold"/>
    /// (from its 0.05-wide histogram, so the threshold is taken down to a bin edge): for same-page truth, the pairs no
    /// detector at that threshold should join.
    /// </summary>
    public static long PairsBelow(QualityReport report, double threshold) =>
        report.ExactSimilarityHistogram.Take((int)Math.Floor(threshold * 20 + 1e-9)).Sum();

    private static double Threshold(MinHashOptions options) => options.Threshold ?? 0.8;
}
