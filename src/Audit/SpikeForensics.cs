namespace Pipeline.Audit;

/// <summary>Spike → batch references → token index → documents → ledger (domain, source, licence).</summary>
public static class SpikeForensics
{
    /// <summary>Traces each spike in <paramref name="spikes"/> through the batch of its step.</summary>
    /// <param name="spikes">Spikes to trace.</param>
    /// <param name="steps">The training steps (for the batch references).</param>
    /// <param name="index">The shard set's token index (null: not available).</param>
    /// <param name="ledger">The run's ledger (null or unavailable: domains from the index only).</param>
    public static IReadOnlyList<SpikeTrace> Trace(IReadOnlyList<Spike> spikes, IReadOnlyList<TrainStepMetric> steps, TokenSpans? index, Core.Ledger.ILedgerReader? ledger)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        ArgumentNullException.ThrowIfNull(steps);
        var byStep = new Dictionary<long, TrainStepMetric>();
        foreach (var s in steps) byStep[s.Step] = s;
        var perSpike = new List<(Spike, Dictionary<string, (Tokens.TokenIndexEntry Span, long Tokens)>, string?)>();
        var allIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spike in spikes)
        {
            var docs = new Dictionary<string, (Tokens.TokenIndexEntry, long)>(StringComparer.Ordinal);
            string? note = null;
            if (!byStep.TryGetValue(spike.Step, out var step) || step.Batch.Count == 0) note = "no batch reference recorded for this step";
            else if (index is null) note = "no token index available";
            else
            {
                foreach (var b in step.Batch)
                    foreach (var (span, overlap) in index.Find(b.Shard, b.Offset, b.Length))
                        docs[span.DocId] = docs.TryGetValue(span.DocId, out var had) ? (span, had.Item2 + overlap) : (span, overlap);
                if (docs.Count == 0) note = "the batch's token ranges match no indexed document";
            }
            foreach (var id in docs.Keys) allIds.Add(id);
            perSpike.Add((spike, docs, note));
        }

        Dictionary<string, DocumentFacts> facts = new(StringComparer.Ordinal);
        string? ledgerNote = null;
        if (allIds.Count > 0 && ledger is { Available: true })
        {
            try { facts = LedgerFacts.Documents(ledger, allIds); }
            catch (Provenance.LedgerException ex) { ledgerNote = $"ledger not readable: {ex.Message}"; }
        }
        else if (allIds.Count > 0) ledgerNote = "no ledger: sources and licences unknown";

        var traces = new List<SpikeTrace>();
        foreach (var (spike, docs, note) in perSpike)
        {
            var list = docs.Values
                .Select(d => (Document: facts.TryGetValue(d.Span.DocId, out var f) ? f with { Domain = f.Domain ?? d.Span.Domain } : new DocumentFacts(d.Span.DocId, d.Span.Domain, null, null, null), d.Tokens))
                .OrderByDescending(d => d.Tokens).ThenBy(d => d.Document.DocumentId, StringComparer.Ordinal).ToList();
            traces.Add(new SpikeTrace
            {
                Spike = spike,
                Documents = list,
                Domains = Group(list, d => d.Domain),
                Sources = Group(list, d => d.SourceFile),
                Licences = Group(list, d => d.Licence),
                Note = note ?? (docs.Count > 0 ? ledgerNote : null),
            });
        }
        return traces;
    }

    private static List<(string, long)> Group(List<(DocumentFacts Document, long Tokens)> docs, Func<DocumentFacts, string?> key) =>
        docs.GroupBy(d => key(d.Document) ?? "unknown", StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(x => x.Tokens)))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
}
