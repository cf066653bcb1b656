using System.Text.Json;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Train.Tests;

public sealed class GptTrainerTests
{
    private static TrainOptions Tiny(int steps, double dropout = 0.0, string output = "train", string? shards = null) => new()
    {
        Shards = shards,
        Layers = 2, Heads = 2, Width = 32, Context = 16, Dropout = dropout, BatchSize = 8, Steps = steps,
        LearningRate = 3e-3, WarmupSteps = 3, EvalEvery = 10, EvalBatches = 2, CheckpointEvery = 0, Device = "cpu", Seed = 7, Output = output,
    };

    [Fact]
    public void Run_TinyModel_LossFalls()
    {
        using var dir = new TempDir();
        var shards = TestShards.Create(dir.File("shards"));
        var ledger = new RecordingLedger();
        var result = GptTrainer.Run(Tiny(40), shards, dir.File("out"), ledger);

        Assert.Equal(40, result.Losses.Count);
        Assert.InRange(result.Losses[0], Math.Log(64) - 0.5, Math.Log(64) + 0.5);
        double lastFive = result.Losses.Skip(35).Average();
        Assert.True(lastFive < result.Losses[0] - 1.0, $"loss went from {result.Losses[0]:F3} to {lastFive:F3}");
        Assert.NotNull(result.LastValLoss);
        Assert.True(result.LastValLoss < result.Losses[0] - 1.0, $"val loss {result.LastValLoss:F3}");

        Assert.Equal(40, ledger.Records.OfType<TrainMetricRecord>().Count());
        var ckpt = Assert.Single(ledger.Records.OfType<CheckpointRecord>());
        Assert.Equal(40, ckpt.Step);
        Assert.Equal(40L * 8 * 16, ckpt.TokensSeen);
        Assert.Equal(result.LatestCheckpoint, ckpt.Path);
        Assert.EndsWith(Path.Combine("checkpoints", "step_000040"), result.LatestCheckpoint, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MetricsBatchRefs_PointAtTheTrainedWindows()
    {
        using var dir = new TempDir();
        var shards = TestShards.Create(dir.File("shards"));
        var result = GptTrainer.Run(Tiny(3), shards, dir.File("out"));

        var lines = File.ReadAllLines(result.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var steps = lines.Where(l => l.TryGetProperty("loss", out _)).ToList();
        Assert.Equal([1, 2, 3], steps.Select(l => l.GetProperty("step").GetInt32()));
        var val = Assert.Single(lines, l => l.TryGetProperty("val_loss", out _));
        Assert.Equal(3, val.GetProperty("step").GetInt32());
        foreach (var s in steps)
        {
            Assert.True(s.GetProperty("lr").GetDouble() > 0);
            Assert.True(s.GetProperty("grad_norm").GetDouble() > 0);
            Assert.True(s.GetProperty("tokens_per_sec").GetDouble() > 0);
            var batch = s.GetProperty("batch").EnumerateArray().ToList();
            Assert.Equal(8, batch.Count);
            foreach (var row in batch)
            {
                var shard = row.GetProperty("shard").GetString()!;
                Assert.Matches(@"^train_00000[01]\.bin$", shard);
                long offset = row.GetProperty("offset").GetInt64();
                Assert.Equal(17, row.GetProperty("length").GetInt32());
                Assert.InRange(offset, 0, 10_000 - 17);
            }
        }
    }

    [Fact]
    public void Run_StopAndResume_ReproducesUninterruptedLosses()
    {
        using var dir = new TempDir();
        var shards = TestShards.Create(dir.File("shards"));
        var options = Tiny(12, dropout: 0.1);
        var full = GptTrainer.Run(options, shards, dir.File("full"), null, null, null, default);

        var first = GptTrainer.Run(options, shards, dir.File("split"), null, null, 6, default);
        Assert.Equal(6, first.Step);
        Assert.EndsWith("step_000006", first.LatestCheckpoint, StringComparison.Ordinal);
        var second = GptTrainer.Run(options, shards, dir.File("split"), null, null, null, default);

        Assert.Equal(6, second.Losses.Count);
        var resumed = first.Losses.Concat(second.Losses).ToList();
        for (int i = 0; i < 12; i++) Assert.True(Math.Abs(full.Losses[i] - resumed[i]) < 1e-5, $"step {i + 1}: {full.Losses[i]} vs {resumed[i]}");
        Assert.Equal(full.LastValLoss!.Value, second.LastValLoss!.Value, 5);
        // the resumed run continues the same metrics file
        var metricSteps = File.ReadAllLines(second.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("loss", out _)).Select(l => l.GetProperty("step").GetInt32());
        Assert.Equal(Enumerable.Range(1, 12), metricSteps);
    }

    [Fact]
    public async Task TrainGptStep_ExistingShardFolderOption_TrainsWithoutAShardsStep()
    {
        using var dir = new TempDir();
        TestShards.Create(dir.File("data/shards"));
        var ctx = StepContext.ForTool("model", dir.File("out"), null, new Dictionary<string, IReadOnlyList<Artifact>>());
        var step = new TrainGptStep(Tiny(2, output: "model", shards: dir.File("data/shards")));

        var artifacts = await step.RunAsync(ctx, CancellationToken.None);

        var checkpoint = Assert.Single(artifacts, a => a.Kind == "checkpoint");
        Assert.True(File.Exists(Path.Combine(checkpoint.Path, "model.bin")));
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoint.Path, "state.json"))).RootElement;
        Assert.Equal(Path.GetFullPath(dir.File("data/shards")), Path.GetFullPath(Path.Combine(checkpoint.Path, state.GetProperty("shard_set").GetString()!)));
    }

    [Fact]
    public async Task TrainGptStep_WithShardsInput_ReturnsCheckpointAndMetrics()
    {
        using var dir = new TempDir();
        var shards = TestShards.Create(dir.File("shards"));
        var inputs = new Dictionary<string, IReadOnlyList<Artifact>> { ["shards"] = [new Artifact("shards", shards)] };
        var ctx = StepContext.ForTool("model", dir.File("out"), null, inputs);
        var step = new TrainGptStep(Tiny(2, output: "model"));

        var artifacts = await step.RunAsync(ctx, CancellationToken.None);

        var checkpoint = Assert.Single(artifacts, a => a.Kind == "checkpoint");
        Assert.Equal(Path.Combine(dir.File("out"), "model", "checkpoints", "step_000002"), checkpoint.Path);
        Assert.True(File.Exists(Path.Combine(checkpoint.Path, "model.bin")));
        Assert.True(File.Exists(Path.Combine(checkpoint.Path, "optimizer.bin")));
        var metrics = Assert.Single(artifacts, a => a.Kind == "metrics");
        Assert.Equal(2, File.ReadAllLines(metrics.Path).Count(l => l.Contains("\"loss\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TrainGptStep_WithoutShards_FailsWithMessage()
    {
        using var dir = new TempDir();
        var ctx = StepContext.ForTool("model", dir.File("out"));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new TrainGptStep(Tiny(2)).RunAsync(ctx, CancellationToken.None));
        Assert.Contains("\"shards\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FolderWithoutManifest_ReadsShardFilesAndInfersVocab()
    {
        using var dir = new TempDir();
        var shards = dir.File("bytes");
        Directory.CreateDirectory(shards);
        TestShards.Write(Path.Combine(shards, "train_000000.bin"), TestShards.Pattern(5_000, 100, 1), 100);
        TestShards.Write(Path.Combine(shards, "val_000000.bin"), TestShards.Pattern(1_000, 100, 2), 100);

        var result = GptTrainer.Run(Tiny(2), shards, dir.File("out"));

        using var ckpt = GptCheckpoint.Load(result.LatestCheckpoint, "cpu");
        Assert.Equal(128, ckpt.Config.Vocab); // largest id 99 -> 100 -> rounded up to 128
        Assert.Null(ckpt.TokenizerPath);
        Assert.NotNull(result.LastValLoss);
    }

    [Fact]
    public void Run_TruncatedShard_FailsNamingTheFile()
    {
        using var dir = new TempDir();
        var shards = TestShards.Create(dir.File("shards"));
        var path = Path.Combine(shards, "train_000001.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        var ex = Assert.Throws<InvalidDataException>(() => GptTrainer.Run(Tiny(2), shards, dir.File("out")));
        Assert.Contains("train_000001.bin", ex.Message, StringComparison.Ordinal);
    }
}
