using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Util;

namespace Pipeline.Tokens;

/// <summary>
/// manifest.json of a shard-set folder: tokenizer (path, SHA-256, vocabulary size, end-of-text id), every shard
/// with its split, domain, counts and SHA-256, per-domain counts and the mixture weights used.
/// </summary>
public sealed record ShardSetManifest
{
    /// <summary>File name of the manifest inside a shard-set folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Name of the token index sidecar inside a shard-set folder.</summary>
    public const string IndexFileName = "index.jsonl";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Layout name; always "llm.c".</summary>
    public string Format { get; init; } = "llm.c";

    /// <summary>Shard header version used by every shard (1 = uint16, 7 = uint32; see <see cref="ShardFormat"/>).</summary>
    public int ShardVersion { get; init; } = ShardFormat.VersionUInt16;

    /// <summary>The tokenizer.</summary>
    public required TokenizerInfo Tokenizer { get; init; }

    /// <summary>Target tokens per shard.</summary>
    public long ShardTokens { get; init; }

    /// <summary>Fraction of documents (by id hash) sent to validation.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Metadata key that named the domain.</summary>
    public string DomainKey { get; init; } = "domain";

    /// <summary>Shards in write order.</summary>
    public IReadOnlyList<ShardEntry> Shards { get; init; } = [];

    /// <summary>Counts per domain (domains beyond the largest <c>max_domains</c> are counted as "other").</summary>
    public IReadOnlyDictionary<string, DomainStats> Domains { get; init; } = new SortedDictionary<string, DomainStats>(StringComparer.Ordinal);

    /// <summary>Mixture weights given (domain → weight; a domain not listed had weight 1.0).</summary>
    public IReadOnlyDictionary<string, double> Mixture { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Tokens in train shards.</summary>
    public long TrainTokens { get; init; }

    /// <summary>Tokens in the mixed validation shards (per-domain copies not counted).</summary>
    public long ValTokens { get; init; }

    /// <summary>Distinct input documents.</summary>
    public long Documents { get; init; }

    /// <summary>The folder this manifest was loaded from (not serialised).</summary>
    [JsonIgnore]
    public string? Folder { get; init; }

    /// <summary>Shards of <paramref name="split"/>; <paramref name="domain"/> null gives the mixed shards, a name gives that domain's copies.</summary>
    public IReadOnlyList<ShardEntry> ShardsOf(string split, string? domain = null) =>
        Shards.Where(s => s.Split == split && s.Domain == domain).ToList();

    /// <summary>Absolute path of a shard listed in this manifest (needs <see cref="Folder"/>).</summary>
    public string PathOf(ShardEntry shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return Path.Combine(Folder ?? throw new InvalidOperationException("manifest was not loaded from a folder"), shard.File);
    }

    /// <summary>Loads a manifest from a shard-set folder or a manifest.json path.</summary>
    public static ShardSetManifest Load(string folderOrFile)
    {
        var path = Directory.Exists(folderOrFile) ? Path.Combine(folderOrFile, FileName) : folderOrFile;
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no shard-set manifest here; point at a folder written by tokens.shards", path);
        try
        {
            var m = JsonSerializer.Deserialize<ShardSetManifest>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: manifest is empty");
            var folder = Path.GetDirectoryName(path)!;
            return m with { Folder = folder, Tokenizer = m.Tokenizer with { Path = PathUtil.FromPortable(folder, m.Tokenizer.Path) } };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: manifest is not valid JSON ({e.Message}); rewrite the shard set", e);
        }
    }

    /// <summary>Writes the manifest atomically to <paramref name="folder"/>/manifest.json; the tokenizer's path is stored
    /// relative to the folder (the shard set can be moved with its run folder).</summary>
    public void Save(string folder)
    {
        using var f = new AtomicFile(Path.Combine(folder, FileName));
        var portable = this with { Tokenizer = Tokenizer with { Path = PathUtil.ToPortable(Path.GetFullPath(folder), Tokenizer.Path) } };
        JsonSerializer.Serialize(f.Stream, portable, Json);
        f.Commit();
    }
}
