using System.Text;
using System.Text.Json;
using Pipeline.Core.Util;

namespace Pipeline.Tokens;

/// <summary>
/// The token index sidecar (index.jsonl, one JSON object per line: doc_id, shard, token_start, token_count,
/// split, domain). Maps a token position in any shard back to its document by binary search.
/// </summary>
public sealed class TokenIndex
{
    private readonly Dictionary<string, TokenIndexEntry[]> _byShard;

    /// <summary>Builds an index from entries (any order).</summary>
    public TokenIndex(IEnumerable<TokenIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToList();
        _byShard = Entries.GroupBy(e => e.Shard, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.TokenStart).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every entry, in file order.</summary>
    public IReadOnlyList<TokenIndexEntry> Entries { get; }

    /// <summary>Shard file names that have entries.</summary>
    public IEnumerable<string> Shards => _byShard.Keys;

    /// <summary>The document whose tokens cover <paramref name="position"/> in <paramref name="shard"/> (file name), or null.</summary>
    public TokenIndexEntry? Find(string shard, long position)
    {
        if (!_byShard.TryGetValue(Path.GetFileName(shard), out var arr)) return null;
        int i = LastStartingAtOrBefore(arr, position);
        return i >= 0 && position < arr[i].TokenStart + arr[i].TokenCount ? arr[i] : null;
    }

    /// <summary>Every document overlapping tokens [<paramref name="start"/>, start + <paramref name="length"/>) of <paramref name="shard"/>, in order.</summary>
    public IReadOnlyList<TokenIndexEntry> FindRange(string shard, long start, long length)
    {
        var result = new List<TokenIndexEntry>();
        if (!_byShard.TryGetValue(Path.GetFileName(shard), out var arr) || length <= 0) return result;
        int i = Math.Max(0, LastStartingAtOrBefore(arr, start));
        for (; i < arr.Length && arr[i].TokenStart < start + length; i++)
            if (arr[i].TokenStart + arr[i].TokenCount > start) result.Add(arr[i]);
        return result;
    }

    private static int LastStartingAtOrBefore(TokenIndexEntry[] arr, long position)
    {
        int lo = 0, hi = arr.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (arr[mid].TokenStart <= position) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>Loads index.jsonl from a shard-set folder or a file path.</summary>
    public static TokenIndex Load(string folderOrFile)
    {
        var path = Path.GetFullPath(Directory.Exists(folderOrFile) ? Path.Combine(folderOrFile, ShardSetManifest.IndexFileName) : folderOrFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no token index here; point at a folder written by tokens.shards", path);
        var list = new List<TokenIndexEntry>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                list.Add(new TokenIndexEntry(
                    r.GetProperty("doc_id").GetString()!,
                    r.GetProperty("shard").GetString()!,
                    r.GetProperty("token_start").GetInt64(),
                    r.GetProperty("token_count").GetInt64(),
                    r.GetProperty("split").GetString()!,
                    r.TryGetProperty("domain", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: bad index line ({e.Message}); rewrite the shard set", e);
            }
        }
        return new TokenIndex(list);
    }

    /// <summary>Writes entries as index.jsonl (atomically).</summary>
    public static void Write(string path, IEnumerable<TokenIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var f = new AtomicFile(path);
        using (var w = new StreamWriter(f.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            foreach (var e in entries) w.Write(ToJsonLine(e));
        f.Commit();
    }

    internal static string ToJsonLine(TokenIndexEntry e)
    {
        var sb = new StringBuilder(128);
        sb.Append("{\"doc_id\":").Append(JsonSerializer.Serialize(e.DocId))
          .Append(",\"shard\":").Append(JsonSerializer.Serialize(e.Shard))
          .Append(",\"token_start\":").Append(e.TokenStart)
          .Append(",\"token_count\":").Append(e.TokenCount)
          .Append(",\"split\":").Append(JsonSerializer.Serialize(e.Split))
          .Append(",\"domain\":").Append(e.Domain is null ? "null" : JsonSerializer.Serialize(e.Domain))
          .Append("}\n");
        return sb.ToString();
    }
}
