using System.Buffers.Binary;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class TokensInspectTests
{
    [Fact]
    public async Task Inspect_UInt16ShardSet_PrintsLlmCHeader()
    {
        using var dir = new TempDir();
        var folder = await ShardSetRun.RunAsync(dir, 60, 4, 20, 40);
        var (code, output, err) = await CliRunner.RunAsync("tokens", "inspect", folder);
        Assert.True(code == 0, err);
        Assert.Contains("uint16 tokens, llm.c magic 20240520 version 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ShardWithUnknownHeader_FailsNamingFileAndValues()
    {
        using var dir = new TempDir();
        var folder = await ShardSetRun.RunAsync(dir, 60, 4, 20, 40);
        var shard = Path.Combine(folder, "train_000000.bin");
        var bytes = File.ReadAllBytes(shard);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 2); // the invented uint32 version of old
        File.WriteAllBytes(shard, bytes);
        var (code, output, err) = await CliRunner.RunAsync("tokens", "inspect", folder);
        Assert.NotEqual(0, code);
        Assert.Contains(shard, err, StringComparison.Ordinal);
        Assert.Contains("magic 20240520 version 2", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + err, StringComparison.Ordinal);
    }
}
