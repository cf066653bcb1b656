using System.Globalization;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>
/// <c>dedup.minhash_filter</c>: the last stage of staged dedup. Drops the documents on this task's removal list
/// with the same reason, details and metadata as <c>dedup.minhash</c>, and writes their cluster rows to the ledger.
/// </summary>
internal sealed class MinHashFilterStep(MinHashFilterOptions options) : ProcessorStep
{
    private Dictionary<string, (string Match, double Similarity, string Cluster)> _removals = [];

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dir = context.ResolveInput(options.Removals);
        var path = Path.Combine(dir, $"removals{context.Run.TaskSuffix}.tsv");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: removal list not found; run `pipeline dedup cluster --input SIGNATURES --output {options.Removals}` after the signature stage (same task count)", path);
        _removals = Load(path);
        context.Log.Info($"[{context.StepId}] {_removals.Count} documents listed for removal in {path}");
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads a removal list: member, duplicate_of, similarity and (since clusters hold chains) cluster — the survivor; a 3-column list names the survivor as duplicate_of.</summary>
    internal static Dictionary<string, (string, double, string)> Load(string path)
    {
        var map = new Dictionary<string, (string, double, string)>(StringComparer.Ordinal);
        int line = 0;
        foreach (var l in File.ReadLines(path))
        {
            line++;
            if (line == 1 || l.Length == 0) continue;
            var parts = l.Split('\t');
            if (parts.Length is not (3 or 4) || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var sim))
                throw new InvalidDataException($"{path}:{line}: expected 'member<TAB>duplicate_of<TAB>similarity<TAB>cluster'; rerun `pipeline dedup cluster`");
            map[parts[0]] = (parts[1], sim, parts.Length == 4 ? parts[3] : parts[1]);
        }
        return map;
    }

    public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        if (!_removals.TryGetValue(document.Id, out var r)) return ValueTask.FromResult(Outcome.Keep(document));
        if (context.Ledger.Enabled)
            context.Ledger.Write(new DedupClusterRecord(r.Cluster, document.Id, r.Cluster, r.Similarity, context.StepId));
        return ValueTask.FromResult(MinHashStep.DuplicateOutcome(document, MinHashStep.DropReason, r.Match, r.Similarity, r.Cluster));
    }
}
