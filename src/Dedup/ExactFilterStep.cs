using System.Text.RegularExpressions;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>
/// <c>dedup.exact_filter</c>: stage 3 of staged exact dedup. Drops the documents on this task's removal lists (one
/// per bucket task, all of one bucket-task count) with the reason, details and metadata of <c>dedup.exact</c>.
/// </summary>
internal sealed partial class ExactFilterStep(ExactFilterOptions options) : ProcessorStep
{
    private readonly Dictionary<string, string> _removals = new(StringComparer.Ordinal);

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        var dir = context.ResolveInput(options.Removals);
        var prefix = $"exact{context.Run.TaskSuffix}.part-";
        var parts = Directory.Exists(dir) ? Directory.GetFiles(dir, prefix + "*.tsv").Select(p => (Path: p, Match: Part().Match(Path.GetFileName(p)[prefix.Length..])))
            .Where(x => x.Match.Success).ToList() : [];
        var counts = parts.Select(p => int.Parse(p.Match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        if (counts.Count != 1)
            throw new FileNotFoundException(counts.Count == 0
                ? $"{Path.Combine(dir, prefix + "*.tsv")}: no exact-dedup removal lists; run `pipeline dedup buckets` (every bucket task) after stage 1"
                : $"{dir}: removal lists of {string.Join(" and ", counts)} bucket tasks are mixed; rerun the bucket stage into an empty folder");
        int shares = counts[0];
        var have = parts.Select(p => int.Parse(p.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var missing = Enumerable.Range(0, shares).Where(k => !have.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"{dir}: the removal lists of bucket task(s) {string.Join(", ", missing)} of {shares} are missing; rerun them (pipeline dedup buckets --task-index K --task-count {shares})");
        foreach (var (path, _) in parts)
        {
            int line = 0;
            foreach (var l in File.ReadLines(path))
            {
                if (line++ == 0 || l.Length == 0) continue;
                var cols = l.Split('\t');
                if (cols.Length != 2) throw new InvalidDataException($"{path}:{line}: expected 'member<TAB>duplicate_of'; rerun the bucket task");
                _removals[cols[0]] = cols[1];
            }
        }
        context.Log.Info($"[{context.StepId}] {_removals.Count} exact duplicates listed for removal in {shares} list(s) under {dir}");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_removals.TryGetValue(document.Id, out var kept) ? ExactDedupStep.DuplicateOutcome(document, kept) : Outcome.Keep(document));

    [GeneratedRegex(@"^(\d{4,})-of-(\d{4,})\.tsv$")]
    private static partial Regex Part();
}
