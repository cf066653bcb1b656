using System.Buffers.Binary;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Train.Tests;

public sealed class TrainDataShardTests
{
    [Fact]
    public void Open_UInt32ShardSet_ReadsIdsAbove65535()
    {
        using var dir = new TempDir();
        TestShards.Write(dir.File("train_000000.bin"), [1, 70_000, 100_276, 5], 100_277);
        using var data = TrainData.Open(dir.Path);
        Assert.Equal(4, data.Train[0].TokenCount);
        Assert.Equal(100_276, data.Train[0].MaxToken());
        Assert.Equal(100_288, data.InferVocab());
    }

    [Fact]
    public void Open_ShardWithTheOldInventedUInt32Header_ThrowsNamingFileAndValues()
    {
        using var dir = new TempDir();
        var path = dir.File("train_000000.bin");
        TestShards.Write(path, [1, 70_000], 100_277);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 20240520);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 2);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => TrainData.Open(dir.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic 20240520 version 2", e.Message);
    }
}
