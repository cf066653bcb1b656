using Pipeline.Tokens;

namespace Pipeline.Train;

/// <summary>
/// The training and general validation shards of a shard-set folder. With a manifest.json (written by
/// tokens.shards) the shards, vocabulary and tokenizer come from it; a folder without one (e.g. byte-level shards a
/// tool wrote) is read as train_*.bin + val_NNNNNN.bin with the vocabulary inferred.
/// </summary>
internal sealed class TrainData : IDisposable
{
    private TrainData(string folder, IReadOnlyList<TrainShard> train, IReadOnlyList<TrainShard> val, int? vocab, string? tokenizer)
    {
        Folder = folder;
        Train = train;
        Val = val;
        ManifestVocab = vocab;
        TokenizerPath = tokenizer;
    }

    public string Folder { get; }
    public IReadOnlyList<TrainShard> Train { get; }
    /// <summary>The general validation shards (val_000000.bin, ...), not the per-domain ones.</summary>
    public IReadOnlyList<TrainShard> Val { get; }
    public int? ManifestVocab { get; }
    /// <summary>Rank file path, or the prebuilt encoding name, of the manifest's tokenizer.</summary>
    public string? TokenizerPath { get; }

    public static TrainData Open(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"shard set '{folder}' does not exist; point train at the output folder of tokens.shards");
        folder = Path.GetFullPath(folder);
        if (File.Exists(Path.Combine(folder, ShardSetManifest.FileName)))
        {
            var m = ShardSetManifest.Load(folder);
            var train = m.ShardsOf("train").Select(s => TrainShard.Open(m.PathOf(s))).ToList();
            if (train.Count == 0) throw new InvalidDataException($"{Path.Combine(folder, ShardSetManifest.FileName)} lists no train shards; re-run tokens.shards with more data or a smaller validation fraction");
            var val = m.ShardsOf("val").Select(s => TrainShard.Open(m.PathOf(s))).ToList();
            return new TrainData(folder, train, val, m.Tokenizer.VocabSize > 0 ? m.Tokenizer.VocabSize : null, m.Tokenizer.Path ?? m.Tokenizer.Name);
        }
        var trainFiles = Directory.GetFiles(folder, "train_*.bin").Order(StringComparer.Ordinal).Select(TrainShard.Open).ToList();
        if (trainFiles.Count == 0) throw new InvalidDataException($"shard set '{folder}' has no manifest.json and no train_*.bin shards");
        var valFiles = Directory.GetFiles(folder, "val_*.bin").Where(p => IsGeneralVal(Path.GetFileName(p)))
            .Order(StringComparer.Ordinal).Select(TrainShard.Open).ToList();
        return new TrainData(folder, trainFiles, valFiles, null, null);
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
        foreach (var s in Train) s.Reader.Dispose();
        foreach (var s in Val) s.Reader.Dispose();
    }
}
