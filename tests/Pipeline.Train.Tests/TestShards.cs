namespace Pipeline.Train.Tests;

/// <summary>Writes small shard sets in the documented layout (header of 256 int32, then uint16 tokens).</summary>
internal static class TestShards
{
    public static void Write(string path, IReadOnlyList<int> tokens)
    {
        using var w = new BinaryWriter(File.Create(path));
        var header = new int[256];
        header[0] = 20240520;
        header[1] = 1;
        header[2] = tokens.Count;
        foreach (var h in header) w.Write(h);
        foreach (var t in tokens) w.Write((ushort)t);
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

    public static string Create(string folder, int vocab = 64, int trainTokens = 20_000, int valTokens = 4_000)
    {
        Directory.CreateDirectory(folder);
        Write(Path.Combine(folder, "train_000000.bin"), Pattern(trainTokens / 2, vocab, 1));
        Write(Path.Combine(folder, "train_000001.bin"), Pattern(trainTokens / 2, vocab, 2));
        Write(Path.Combine(folder, "val_000000.bin"), Pattern(valTokens, vocab, 3));
        Write(Path.Combine(folder, "val_books_000000.bin"), Pattern(valTokens, vocab, 4));
        File.WriteAllText(Path.Combine(folder, "manifest.json"), $"{{\"vocab_size\": {vocab}}}");
        return folder;
    }
}
