using System.Text.Json;

namespace Pipeline.Audit;

/// <summary>Position in a shard → documents, over the shard set's token index (<c>index.jsonl</c>).</summary>
public sealed class TokenSpans
{
    private readonly Dictionary<string, IndexedSpan[]> _byShard;

    /// <summary>Builds the lookup from index rows.</summary>
    public TokenSpans(IEnumerable<IndexedSpan> spans)
    {
        _byShard = spans.GroupBy(s => Path.GetFileName(s.Shard), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.TokenStart).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every span.</summary>
    public IEnumerable<IndexedSpan> All => _byShard.Values.SelectMany(a => a);

    /// <summary>Loads <c>index.jsonl</c> from a shard-set folder.</summary>
    public static TokenSpans Load(string shardSetFolder)
    {
        var path = Path.Combine(shardSetFolder, "index.jsonl");
        if (!File.Exists(path)) throw new AuditInputException($"{shardSetFolder}: no index.jsonl; spike forensics needs the shard set's token index (tokens.shards writes it)");
        var rows = new List<IndexedSpan>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                rows.Add(new IndexedSpan(
                    r.GetProperty("doc_id").GetString() ?? "",
                    r.GetProperty("shard").GetString() ?? "",
                    r.GetProperty("token_start").GetInt64(),
                    r.GetProperty("token_count").GetInt64(),
                    r.TryGetProperty("split", out var sp) ? sp.GetString() ?? "" : "",
                    r.TryGetProperty("domain", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new AuditInputException($"{path}:{lineNo}: not a token index row ({ex.Message})", ex);
            }
        }
        return new TokenSpans(rows);
    }

    /// <summary>Documents overlapping tokens [offset, offset+length) of <paramref name="shard"/>, with the overlap in tokens.</summary>
    public IReadOnlyList<(IndexedSpan Span, long Overlap)> Find(string shard, long offset, long length)
    {
        var result = new List<(IndexedSpan, long)>();
        if (!_byShard.TryGetValue(Path.GetFileName(shard), out var spans)) return result;
        long end = offset + length;
        // Last span starting at or before offset, then walk forward.
        int lo = 0, hi = spans.Length - 1, first = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (spans[mid].TokenStart <= offset) { first = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        for (int i = first; i < spans.Length && spans[i].TokenStart < end; i++)
        {
            var s = spans[i];
            // +1: the end-of-text token after each document belongs to it.
            long sEnd = s.TokenStart + s.TokenCount + 1;
            long overlap = Math.Min(end, sEnd) - Math.Max(offset, s.TokenStart);
            if (overlap > 0) result.Add((s, overlap));
        }
        return result;
    }
}
