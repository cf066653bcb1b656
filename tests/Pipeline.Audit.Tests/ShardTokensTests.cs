using System.Buffers.Binary;
using Pipeline.Testing;
using Pipeline.Tokens;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed class ShardTokensTests
{
    [Fact]
    public void Read_BothLlmCWidths_ReturnsTokens()
    {
        using var dir = new TempDir();
        using (var w = new ShardWriter(dir.File("a.bin"), ShardFormat.VersionUInt16)) { w.Write([3, 65535, 0]); w.Commit(); }
        using (var w = new ShardWriter(dir.File("b.bin"), ShardFormat.VersionUInt32)) { w.Write([199_999, 65536, 2]); w.Commit(); }
        Assert.Equal([3, 65535, 0], ShardTokens.Read(dir.File("a.bin")));
        Assert.Equal([199_999, 65536], ShardTokens.Read(dir.File("b.bin"), maxTokens: 2));
    }

    [Fact]
    public void Read_UnknownHeader_ThrowsAuditInputNamingFileAndValues()
    {
        using var dir = new TempDir();
        var path = dir.File("val_000000.bin");
        using (var w = new ShardWriter(path, ShardFormat.VersionUInt32)) { w.Write([70_000]); w.Commit(); }
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 20240520); // the invented uint32 header: 20240520 / 2
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 2);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<AuditInputException>(() => ShardTokens.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic 20240520 version 2", e.Message);
    }
}
