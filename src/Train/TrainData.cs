using System.Text.Json;

namespace Pipeline.Train;

/// <summary>The training and validation shards of a shard-set folder, plus what its manifest says.</summary>
internal sealed class TrainData : IDisposable
{
    private TrainData(string folder, IReadOnlyList<ShardFiles> train, IReadOnlyList<ShardFiles> val, int? vocab, string? tokenizer)
    {
        Folder = folder;
        Train = train;
        Val = val;
        ManifestVocab = vocab;
        TokenizerPath = tokenizer;
    }

    public string Folder { get; }
    public IReadOnlyList<ShardFiles> Train { get; }
    /// <summary>The general validation shards (val_000000.bin, ...), not the per-domain ones.</summary>
    public IReadOnlyList<ShardFiles> Val { get; }
    public int? ManifestVocab { get; }
    public string? TokenizerPath { get; }

    public static TrainData Open(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"shard set '{folder}' does not exist; point train at the output folder of tokens.shards");
        var train = Directory.GetFiles(folder, "train_*.bin").Order(StringComparer.Ordinal).Select(ShardFiles.Open).ToList();
        if (train.Count == 0) throw new InvalidDataException($"shard set '{folder}' has no train_*.bin shards");
        var val = Directory.GetFiles(folder, "val_*.bin").Where(p => IsGeneralVal(Path.GetFileName(p)))
            .Order(StringComparer.Ordinal).Select(ShardFiles.Open).ToList();
        int? vocab = null;
        string? tokenizer = null;
        var manifest = Path.Combine(folder, "manifest.json");
        if (File.Exists(manifest))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            var root = doc.RootElement;
            foreach (var key in new[] { "vocab_size", "vocab" })
                if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number) { vocab = v.GetInt32(); break; }
            foreach (var key in new[] { "tokenizer", "tokenizer_path" })
                if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    var p = v.GetString()!;
                    tokenizer = Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(folder, p));
                    break;
                }
        }
        return new TrainData(Path.GetFullPath(folder), train, val, vocab, tokenizer);
    }

    // val_000000.bin is general; val_<domain>_000000.bin is per domain.
    private static bool IsGeneralVal(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        return stem.Length > 4 && stem[4..].All(char.IsAsciiDigit);
    }

    /// <summary>Vocabulary: the manifest's, else the largest token id + 1 rounded up to a multiple of 64.</summary>
    public int InferVocab()
    {
        if (ManifestVocab is { } v) return v;
        long max = Train.Concat(Val).Max(s => s.MaxToken());
        return (int)((max + 1 + 63) / 64 * 64);
    }

    public void Dispose()
    {
        foreach (var s in Train) s.Dispose();
        foreach (var s in Val) s.Dispose();
    }
}
