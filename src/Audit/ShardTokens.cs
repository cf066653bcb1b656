namespace Pipeline.Audit;

/// <summary>Reads the tokens of one shard file (llm.c layout: 256 int32 header, then uint16 or uint32 tokens).</summary>
internal static class ShardTokens
{
    private const int Magic = 20240520;

    /// <summary>Up to <paramref name="maxTokens"/> tokens from the start of <paramref name="path"/>.</summary>
    public static int[] Read(string path, long maxTokens = long.MaxValue)
    {
        using var fs = File.OpenRead(path);
        using var r = new BinaryReader(fs);
        if (fs.Length < 1024) throw new AuditInputException($"{path}: too short for a shard header (256 int32)");
        var header = new int[256];
        for (int i = 0; i < 256; i++) header[i] = r.ReadInt32();
        if (header[0] != Magic) throw new AuditInputException($"{path}: not a token shard (magic {header[0]}, expected {Magic})");
        int width = header[1] switch
        {
            1 => 2,
            2 => 4,
            _ => throw new AuditInputException($"{path}: unknown shard version {header[1]} (1 = uint16, 2 = uint32 tokens)"),
        };
        long count = Math.Min((uint)header[2], maxTokens);
        if (1024 + count * width > fs.Length) throw new AuditInputException($"{path}: header says {header[2]} tokens but the file is shorter; rebuild the shard set");
        var tokens = new int[count];
        for (long i = 0; i < count; i++) tokens[i] = width == 2 ? r.ReadUInt16() : (int)r.ReadUInt32();
        return tokens;
    }
}
