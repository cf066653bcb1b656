using Pipeline.Core.Util;

namespace Pipeline.Tokens;

/// <summary>Rewrites a shard set without given documents (takedown): affected shards, index.jsonl and manifest.json.</summary>
public static class ShardSetRewriter
{
    /// <summary>
    /// Removes every placement of the documents in <paramref name="documentIds"/> from the shard set in
    /// <paramref name="folder"/>. Only shards holding one of them are rewritten (each atomically); the index and
    /// the manifest (counts, hashes) follow. Ids not in the set are ignored.
    /// </summary>
    public static ShardRewriteResult RemoveDocuments(string folder, IEnumerable<string> documentIds)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var manifest = ShardSetManifest.Load(folder);
        var dir = manifest.Folder!;
        var index = TokenIndex.Load(dir);
        var remove = new HashSet<string>(documentIds, StringComparer.Ordinal);
        var hits = index.Entries.Where(e => remove.Contains(e.DocId)).ToList();
        if (hits.Count == 0) return new ShardRewriteResult(0, 0, 0, []);

        var affected = new HashSet<string>(hits.Select(h => h.Shard), StringComparer.Ordinal);
        var newStarts = new Dictionary<TokenIndexEntry, long>(ReferenceEqualityComparer.Instance);
        var entries = manifest.Shards.ToDictionary(s => s.File, StringComparer.Ordinal);
        foreach (var shard in affected.Order(StringComparer.Ordinal))
        {
            var rows = index.Entries.Where(e => e.Shard == shard).OrderBy(e => e.TokenStart).ToList();
            var path = Path.Combine(dir, shard);
            ShardWriter writer;
            long kept = 0;
            using (var reader = ShardReader.Open(path))
            {
                writer = new ShardWriter(path, reader.Version);
                foreach (var r in rows)
                {
                    if (remove.Contains(r.DocId)) continue;
                    newStarts[r] = writer.TokenCount;
                    writer.Write(reader.ReadWindow(r.TokenStart, checked((int)r.TokenCount)));
                    kept++;
                }
            }
            using (writer)
            {
                writer.Commit();
                if (entries.TryGetValue(shard, out var e))
                    entries[shard] = e with { Tokens = writer.TokenCount, Documents = kept, Sha256 = writer.Sha256! };
            }
        }

        var newRows = index.Entries.Where(e => !remove.Contains(e.DocId))
            .Select(e => newStarts.TryGetValue(e, out var s) ? e with { TokenStart = s } : e).ToList();
        TokenIndex.Write(Path.Combine(dir, ShardSetManifest.IndexFileName), newRows);

        // Counts: mixed train/val shards only (per-domain validation shards are copies).
        var mixed = new HashSet<string>(manifest.Shards.Where(s => s.Domain is null).Select(s => s.File), StringComparer.Ordinal);
        var domains = manifest.Domains.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        string Group(string? d) => d is not null && domains.ContainsKey(d) ? d : ShardSetBuilder.OtherDomain;
        long trainTokens = 0, valTokens = 0;
        foreach (var h in hits.Where(h => mixed.Contains(h.Shard)))
        {
            var g = Group(h.Domain);
            if (!domains.TryGetValue(g, out var s)) continue;
            domains[g] = h.Split == "train"
                ? s with { TrainDocuments = s.TrainDocuments - 1, TrainTokens = s.TrainTokens - h.TokenCount }
                : s with { ValDocuments = s.ValDocuments - 1, ValTokens = s.ValTokens - h.TokenCount };
            if (h.Split == "train") trainTokens += h.TokenCount; else valTokens += h.TokenCount;
        }
        var distinct = hits.Where(h => mixed.Contains(h.Shard)).GroupBy(h => h.DocId, StringComparer.Ordinal).ToList();
        foreach (var g in distinct)
        {
            var key = Group(g.First().Domain);
            if (domains.TryGetValue(key, out var s)) domains[key] = s with { Documents = s.Documents - 1 };
        }
        var updated = manifest with
        {
            Shards = manifest.Shards.Select(s => entries[s.File]).ToList(),
            Domains = new SortedDictionary<string, DomainStats>(domains, StringComparer.Ordinal),
            TrainTokens = manifest.TrainTokens - trainTokens,
            ValTokens = manifest.ValTokens - valTokens,
            Documents = manifest.Documents - distinct.Count,
        };
        updated.Save(dir);
        int docs = hits.Select(h => h.DocId).Distinct(StringComparer.Ordinal).Count();
        return new ShardRewriteResult(docs, hits.Count, trainTokens + valTokens, affected.Order(StringComparer.Ordinal).ToList());
    }
}
