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
    public void Commit_UInt32Shard_WritesVersion2AndLargeIds()
    {
        using var dir = new TempDir();
        var path = dir.File("s.bin");
        using (var w = ShardWriter.ForVocabulary(path, 200_019))
        {
            w.Write([199_999, 70_000, 0]);
            w.Commit();
        }
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1024 + 12, bytes.Length);
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
}
