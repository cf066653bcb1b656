using System.Globalization;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>
/// <c>dedup.minhash</c>: streaming MinHash LSH near-duplicate removal on one machine. Signatures of a batch are
/// computed in parallel; documents are then checked against every earlier document (kept or removed) sharing a
/// band and inserted in input order (see <see cref="LshIndex"/> for the cluster rules), so the survivors are the
/// same for any worker or thread count. A document is emitted as soon as it is decided: it is removed when it
/// matches an earlier document, and the first document of a cluster is its survivor.
/// </summary>
internal sealed class MinHashStep(MinHashOptions options) : ProcessorStep
{
    public const string DropReason = "dedup_minhash:near_duplicate";

    private readonly MinHashSettings _settings = options.Resolve();
    private readonly double _floor = options.ClusterFloor ?? MinHashParameters.DefaultClusterFloor(options.Threshold ?? 0.8);
    private SignatureBatch? _batch;
    private LshIndex? _index;
    private readonly ClusterBuilder _clusters = new();
    private long _documents;

    public override bool Sequential => true;

    internal LshIndex Index => _index ?? throw new InvalidOperationException("step not opened");

    internal MinHashSettings Settings => _settings;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _batch = new SignatureBatch(_settings, options.Threads);
        _index = new LshIndex(_settings.Bands, _settings.NumPerm, _settings.VerifyExact);
        context.Log.Info($"[{context.StepId}] minhash: {_settings.ShingleSize}-word shingles, {_settings.Bands} bands × {_settings.Rows} rows, " +
            $"threshold {_settings.Threshold.ToString(CultureInfo.InvariantCulture)}, cluster floor {_floor.ToString(CultureInfo.InvariantCulture)}, verify {(_settings.VerifyExact ? "exact" : "estimate")}");
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[1];
        await ProcessBatchAsync(new[] { document }, outcomes, context, cancellationToken).ConfigureAwait(false);
        return outcomes[0];
    }

    public override ValueTask ProcessBatchAsync(ReadOnlyMemory<Document> batch, Memory<Outcome> outcomes, StepContext context, CancellationToken cancellationToken)
    {
        var b = _batch ?? throw new InvalidOperationException("step not opened");
        var index = Index;
        var docs = batch.Span;
        b.Compute(batch.Length, i => batch.Span[i].Text);
        cancellationToken.ThrowIfCancellationRequested();
        var outs = outcomes.Span;
        for (int i = 0; i < docs.Length; i++)
        {
            var doc = docs[i];
            _documents++;
            if (!b.HasWords[i])
            {
                outs[i] = Outcome.Keep(doc);
                continue;
            }
            int dup = index.FindDuplicate(b.BandsOf(i), b.CompactOf(i), b.ShingleSetOf(i), _settings.Threshold, _floor, out double sim);
            index.Add(doc.Id, b.BandsOf(i), b.CompactOf(i), b.EncodedOf(i), dup, sim);
            if (dup >= 0)
            {
                int survivor = index.SurvivorOf(dup);
                sim = Math.Round(sim, 4);
                _clusters.Add(survivor, doc.Id, dup, sim);
                outs[i] = DuplicateOutcome(doc, DropReason, index.IdOf(dup), sim, index.IdOf(survivor));
            }
            else outs[i] = Outcome.Keep(doc);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The removal: metadata <c>duplicate_of</c> (the earlier document matched), <c>duplicate_similarity</c> and
    /// <c>duplicate_cluster</c> (the cluster's survivor); details name both (the cluster only when it is not the match).
    /// </summary>
    internal static Outcome DuplicateOutcome(Document doc, string reason, string matchId, double similarity, string clusterId)
    {
        var dropped = doc with { Meta = doc.Meta.Set("duplicate_of", matchId).Set("duplicate_similarity", similarity).Set("duplicate_cluster", clusterId) };
        string details = $"duplicate_of={matchId} similarity={similarity.ToString("0.####", CultureInfo.InvariantCulture)}";
        return Outcome.Drop(dropped, reason, clusterId == matchId ? details : details + $" cluster={clusterId}");
    }

    public override async ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var index = Index;
        var table = _clusters.Build(index.IdOf);
        var path = context.OutputPath(options.ClustersPath);
        await table.WriteAsync(path, cancellationToken).ConfigureAwait(false);
        table.WriteLedger(context.Ledger, context.StepId);
        long bytes = index.Bytes;
        double perDoc = index.Count == 0 ? 0 : bytes / (double)index.Count;
        context.Log.Info($"[{context.StepId}] {_documents} documents, {_clusters.Removed} near duplicates in {table.Clusters} clusters; " +
            $"index {bytes / 1e6:F1} MB ({index.Count} documents indexed, {perDoc:F0} bytes each)");
        var inv = CultureInfo.InvariantCulture;
        return [new Artifact("dedup_clusters", path, new Dictionary<string, string>
        {
            ["format"] = "parquet",
            ["documents"] = _documents.ToString(inv),
            ["duplicates"] = _clusters.Removed.ToString(inv),
            ["clusters"] = table.Clusters.ToString(inv),
            ["bands"] = _settings.Bands.ToString(inv),
            ["rows"] = _settings.Rows.ToString(inv),
            ["threshold"] = _settings.Threshold.ToString(inv),
            ["cluster_floor"] = _floor.ToString(inv),
            ["index_bytes"] = bytes.ToString(inv),
            ["index_bytes_per_document"] = perDoc.ToString("F1", inv),
        })];
    }
}
