using System.Buffers.Binary;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Tokens.Tests;

public sealed class ShardFileTests
{
    [Fact]
    public void Commit_UInt16Shard_HeaderAndLayoutMatchLlmC()
    {
        using var dir = new TempDir();
        var path = dir.File("train_000000.bin");
        using (var w = new ShardWriter(path, ShardFormat.VersionUInt16))
        {
            w.Write([1, 2, 65535]);
            w.Write(7);
            w.Commit();
            Assert.Equal(64, w.Sha256!.Length);
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(1024 + 4 * 2, bytes.Length);
        Assert.Equal(20240520, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.All(Enumerable.Range(3, 253), i => Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4))));
        Assert.Equal(65535, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1024 + 4)));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1024 + 6)));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void Commit_UInt32Shard_WritesLlmCMagic20240801Version7AndLargeIds()
    {
        using var dir = new TempDir();
        var path = dir.File("s.bin");
        using (var w = ShardWriter.ForVocabulary(path, 200_019))
        {
            w.Write([199_999, 70_000, 0]);
            w.Commit();
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(20240801, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(1024 + 12, bytes.Length);
        Assert.Equal(70_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(1024 + 4)));
        using var r = ShardReader.Open(path);
        Assert.Equal(4, r.BytesPerToken);
        Assert.Equal([199_999, 70_000, 0], r.ReadWindow(0, 3));
    }

    [Fact]
    public void Write_TokenTooLargeForUInt16_Throws()
    {
        using var dir = new TempDir();
        using var w = new ShardWriter(dir.File("x.bin"), ShardFormat.VersionUInt16);
        Assert.Throws<InvalidOperationException>(() => w.Write(65536));
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNoFile()
    {
        using var dir = new TempDir();
        using (var w = new ShardWriter(dir.File("x.bin"), ShardFormat.VersionUInt16)) w.Write([1, 2, 3]);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Reader_WindowsRandomAndSequential_ReturnWrittenTokens()
    {
        using var dir = new TempDir();
        var path = dir.File("s.bin");
        var tokens = Enumerable.Range(0, 10_000).Select(i => (i * 7) % 60_000).ToArray();
        using (var w = new ShardWriter(path, ShardFormat.VersionUInt16)) { w.Write(tokens); w.Commit(); }
        using var r = ShardReader.Open(path);
        Assert.Equal(10_000, r.TokenCount);
        Assert.Equal(tokens[1234], r[1234]);
        Assert.Equal(tokens.AsSpan(500, 129).ToArray(), r.ReadWindow(500, 129));
        var longs = new long[65];
        r.Read(9935, longs);
        Assert.Equal(tokens[9935..].Select(t => (long)t), longs);
        var rng = new Random(3);
        var win = new int[129];
        for (int i = 0; i < 50; i++)
        {
            long start = r.ReadRandomWindow(rng, win);
            Assert.InRange(start, 0, 10_000 - 129);
            Assert.Equal(tokens.AsSpan((int)start, 129).ToArray(), win);
        }
        Assert.Equal(tokens, r.ReadSequential(3000).SelectMany(c => c).ToArray());
        Assert.Equal(4, r.ReadSequential(3000).Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadWindow(9990, 11));
    }

    [Fact]
    public void Open_TruncatedOrForeignFile_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var path = dir.File("s.bin");
        using (var w = new ShardWriter(path, ShardFormat.VersionUInt16)) { w.Write([1, 2, 3, 4]); w.Commit(); }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^2]);
        var e = Assert.Throws<InvalidDataException>(() => ShardReader.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        var other = dir.File("o.bin");
        File.WriteAllBytes(other, new byte[2048]);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ShardReader.Open(other)).Message);
    }

    /// <summary>A shard built byte by byte from llm.c's description, independent of <see cref="ShardWriter"/>.</summary>
    private static string HandWritten(TempDir dir, string name, int magic, int version, uint[] tokens, int width)
    {
        var bytes = new byte[1024 + tokens.Length * width];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1024 + i * 2), (ushort)tokens[i]);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1024 + i * 4), tokens[i]);
        }
        var path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Open_LlmCFilesOfBothWidths_ReadsTokens()
    {
        using var dir = new TempDir();
        using (var r16 = ShardReader.Open(HandWritten(dir, "a.bin", 20240520, 1, [5, 65535, 0], 2)))
        {
            Assert.Equal(2, r16.BytesPerToken);
            Assert.Equal([5, 65535, 0], r16.ReadWindow(0, 3));
        }
        using var r32 = ShardReader.Open(HandWritten(dir, "b.bin", 20240801, 7, [100_276, 65536, 1], 4));
        Assert.Equal(4, r32.BytesPerToken);
        Assert.Equal(ShardFormat.VersionUInt32, r32.Version);
        Assert.Equal([100_276, 65536, 1], r32.ReadWindow(0, 3));
    }

    [Theory]
    [InlineData(20240520, 2, 4)] // the invented uint32 header earlier versions wrote
    [InlineData(20240520, 7, 4)]
    [InlineData(20240801, 1, 2)]
    [InlineData(20240801, 2, 4)]
    [InlineData(12345, 1, 2)]
    public void Open_UnknownMagicVersionPair_ThrowsNamingFileAndValues(int magic, int version, int width)
    {
        using var dir = new TempDir();
        var path = HandWritten(dir, "bad.bin", magic, version, [1, 2, 3], width);
        var e = Assert.Throws<InvalidDataException>(() => ShardReader.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"magic {magic} version {version}", e.Message);
    }

    [PythonNumpyFact]
    public void PythonPeer_ShardsOfBothWidths_ReadsSameTokens()
    {
        using var dir = new TempDir();
        int[] small = [0, 1, 65535, 300, 7];
        int[] large = [0, 199_999, 65536, 100_276, 70_000, 3];
        using (var w = new ShardWriter(dir.File("small.bin"), ShardFormat.VersionUInt16)) { w.Write(small); w.Commit(); }
        using (var w = ShardWriter.ForVocabulary(dir.File("large.bin"), 200_019)) { w.Write(large); w.Commit(); }
        using var json = PythonPeer.Read(dir.Path);
        var root = json.RootElement;
        Assert.Equal(small.Length, root.GetProperty("files").GetProperty("small.bin").GetInt64());
        Assert.Equal(large.Length, root.GetProperty("files").GetProperty("large.bin").GetInt64());
        Assert.Equal(2, root.GetProperty("bytes_per_token").GetProperty("small.bin").GetInt32());
        Assert.Equal(4, root.GetProperty("bytes_per_token").GetProperty("large.bin").GetInt32());
        Assert.Equal(small.Sum(t => (long)t), root.GetProperty("token_sums").GetProperty("small.bin").GetInt64());
        Assert.Equal(large.Sum(t => (long)t), root.GetProperty("token_sums").GetProperty("large.bin").GetInt64());
    }

    [PythonNumpyFact]
    public void PythonPeer_InventedUInt32Header_Refused()
    {
        using var dir = new TempDir();
        var path = HandWritten(dir, "old.bin", 20240520, 2, [70_000, 1], 4);
        var (code, _, stderr) = PythonPeer.Run(path);
        Assert.NotEqual(0, code);
        Assert.Contains("magic 20240520 version 2", stderr);
    }
}
