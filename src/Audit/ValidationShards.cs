using System.Text.RegularExpressions;

namespace Pipeline.Audit;

/// <summary>The per-domain validation shards of a shard set (<c>val_DOMAIN_000000.bin</c>).</summary>
internal static partial class ValidationShards
{
    [GeneratedRegex(@"^val_(.+)_(\d{6})\.bin$")]
    private static partial Regex DomainShard();

    /// <summary>Domain → its validation shard files in order.</summary>
    public static SortedDictionary<string, List<string>> Find(string shardSetFolder)
    {
        if (!Directory.Exists(shardSetFolder)) throw new AuditInputException($"{shardSetFolder}: shard-set folder not found; add the tokens.shards step to needs or set with.shards");
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        if (File.Exists(Path.Combine(shardSetFolder, Pipeline.Tokens.ShardSetManifest.FileName)))
        {
            var manifest = Pipeline.Tokens.ShardSetManifest.Load(shardSetFolder);
            foreach (var s in manifest.Shards.Where(s => s.Split == "val" && s.Domain is not null))
            {
                if (!result.TryGetValue(s.Domain!, out var l)) result[s.Domain!] = l = [];
                l.Add(manifest.PathOf(s));
            }
            return result;
        }
        foreach (var f in Directory.EnumerateFiles(shardSetFolder, "val_*.bin").Order(StringComparer.Ordinal))
        {
            var m = DomainShard().Match(Path.GetFileName(f));
            if (!m.Success) continue;
            if (!result.TryGetValue(m.Groups[1].Value, out var list)) result[m.Groups[1].Value] = list = [];
            list.Add(f);
        }
        return result;
    }

    /// <summary>Up to <paramref name="maxTokens"/> tokens of a domain's validation shards, concatenated.</summary>
    public static int[] Tokens(IReadOnlyList<string> files, long maxTokens)
    {
        var all = new List<int>();
        foreach (var f in files)
        {
            if (all.Count >= maxTokens) break;
            all.AddRange(ShardTokens.Read(f, maxTokens - all.Count));
        }
        return all.ToArray();
    }

    /// <summary>Documents (text between end-of-text tokens) of a token stream.</summary>
    public static List<string> Documents(int[] tokens, ITextCodec codec)
    {
        var docs = new List<string>();
        int start = 0;
        for (int i = 0; i <= tokens.Length; i++)
        {
            if (i < tokens.Length && tokens[i] != codec.EndOfText) continue;
            if (i > start) docs.Add(codec.Decode(tokens.AsSpan(start, i - start)));
            start = i + 1;
        }
        return docs;
    }
}
