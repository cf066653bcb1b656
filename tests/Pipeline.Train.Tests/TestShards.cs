using Pipeline.Tokens;

namespace Pipeline.Train.Tests;

/// <summary>Writes small shard sets with Tokens' <see cref="ShardWriter"/> (the llm.c layout tokens.shards writes).</summary>
internal static class TestShards
{
    /// <summary>One shard of <paramref name="tokens"/> whose token width fits <paramref name="vocab"/>; returns its SHA-256.</summary>
    public static string Write(string path, IReadOnlyList<int> tokens, int vocab)
    {
        using var w = ShardWriter.ForVocabulary(path, vocab);
        w.Write(tokens.ToArray());
        w.Commit();
        return w.Sha256!;
    }

    /// <summary>A learnable stream: short ascending runs from seeded random starts, over <paramref name="vocab"/> tokens.</summary>
    public static List<int> Pattern(int count, int vocab, int seed)
    {
        var rng = new Random(seed);
        var list = new List<int>(count);
        while (list.Count < count)
        {
            int start = rng.Next(vocab - 1);
            for (int i = 0; i < 12 && list.Count < count; i++) list.Add((start + i) % (vocab - 1));
            if (list.Count < count) list.Add(vocab - 1); // end of "document"
        }
        return list;
    }

    /// <summary>A shard set as tokens.shards writes it (Tokens' ShardWriter + manifest.json).</summary>
    public static string Create(string folder, int vocab = 64, int trainTokens = 20_000, int valTokens = 4_000)
    {
        Directory.CreateDirectory(folder);
        var entries = new List<ShardEntry>
        {
            WriteWithTokens(folder, "train_000000.bin", "train", null, Pattern(trainTokens / 2, vocab, 1), vocab),
            WriteWithTokens(folder, "train_000001.bin", "train", null, Pattern(trainTokens / 2, vocab, 2), vocab),
            WriteWithTokens(folder, "val_000000.bin", "val", null, Pattern(valTokens, vocab, 3), vocab),
            WriteWithTokens(folder, "val_books_000000.bin", "val", "books", Pattern(valTokens, vocab, 4), vocab),
        };
        new ShardSetManifest
        {
            Tokenizer = new TokenizerInfo { Name = "test", VocabSize = vocab, EotId = vocab - 1 },
            Shards = entries,
            TrainTokens = trainTokens,
            ValTokens = valTokens,
        }.Save(folder);
        return folder;
    }

    private static ShardEntry WriteWithTokens(string folder, string name, string split, string? domain, List<int> tokens, int vocab) =>
        new() { File = name, Split = split, Domain = domain, Tokens = tokens.Count, Sha256 = Write(Path.Combine(folder, name), tokens, vocab) };
}
