using Pipeline.Testing;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Train.Tests;

public sealed class GptCheckpointTests
{
    private static (TempDir Dir, TrainResult Result) Train(int steps = 5)
    {
        var dir = new TempDir();
        var shards = TestShards.Create(dir.File("shards"));
        var options = new TrainOptions
        {
            Layers = 2, Heads = 2, Width = 32, Context = 16, BatchSize = 8, Steps = steps, LearningRate = 3e-3, WarmupSteps = 1,
            EvalEvery = 0, EvalBatches = 1, Device = "cpu", Seed = 3,
        };
        return (dir, GptTrainer.Run(options, shards, dir.File("out")));
    }

    [Fact]
    public void Load_SavedCheckpoint_RestoresConfigStateAndWeights()
    {
        var (dir, result) = Train();
        using var _ = dir;
        using var ckpt = GptCheckpoint.Load(result.LatestCheckpoint, "cpu");

        Assert.Equal(new GptConfig { Layers = 2, Heads = 2, Width = 32, Context = 16, Vocab = 64 }, ckpt.Config);
        Assert.Equal(5, ckpt.State.Step);
        Assert.Equal(5L * 8 * 16, ckpt.State.TokensSeen);
        Assert.False(ckpt.Model.training);

        // the loaded weights reproduce the training loss of a fixed window
        using var again = GptCheckpoint.Load(result.LatestCheckpoint, "cpu");
        var p1 = ckpt.Model.parameters().ToList();
        var p2 = again.Model.parameters().ToList();
        Assert.Equal(p1.Count, p2.Count);
        for (int i = 0; i < p1.Count; i++) Assert.True(p1[i].allclose(p2[i], 0, 0), $"parameter {i} differs");
        using var fresh = new GptModel(ckpt.Config);
        Assert.False(fresh.parameters().First().allclose(p1[0], 0, 0), "a fresh model should differ from the trained one");
    }

    [Fact]
    public void TokenLogProbs_ShortSequence_MatchesSoftmaxOfLogits()
    {
        var (dir, result) = Train(40);
        using var _ = dir;
        using var ckpt = GptCheckpoint.Load(result.LatestCheckpoint, "cpu");
        int[] seq = [5, 6, 7, 8, 9, 10, 11, 63, 20, 21];

        var lp = ckpt.TokenLogProbs(seq);

        Assert.Equal(seq.Length - 1, lp.Length);
        using var scope = NewDisposeScope();
        var logits = ckpt.Model.call(tensor(seq.Select(t => (long)t).ToArray(), [1, seq.Length], ScalarType.Int64));
        var logp = nn.functional.log_softmax(logits, -1);
        for (int i = 0; i < lp.Length; i++)
            Assert.Equal(logp[0, i, seq[i + 1]].item<float>(), lp[i], 5);
        Assert.All(lp, v => Assert.True(v < 0));
        // the model learned ascending runs: the run continuation is likelier than a jump
        Assert.True(lp[1] > lp[7], $"log p(7|..6)={lp[1]} vs log p(20|..63)={lp[7]}");
    }

    [Fact]
    public void TokenLogProbs_LongerThanContext_ScoresEveryTokenOnceWithContext()
    {
        var (dir, result) = Train();
        using var _ = dir;
        using var ckpt = GptCheckpoint.Load(result.LatestCheckpoint, "cpu");
        var seq = TestShards.Pattern(50, 64, 9).ToArray();

        var lp = ckpt.TokenLogProbs(seq);

        Assert.Equal(49, lp.Length);
        Assert.All(lp, v => Assert.True(float.IsFinite(v) && v < 0));
        // the first window (context 16) is scored exactly as a sequence of its own
        var head = ckpt.TokenLogProbs(seq.AsSpan(0, 17));
        for (int i = 0; i < 16; i++) Assert.Equal(head[i], lp[i], 5);
        // a later token is scored with the window that starts half a context before it
        var tail = ckpt.TokenLogProbs(seq.AsSpan(8, 17));
        Assert.Equal(tail[15], lp[23], 5);
    }

    [Fact]
    public void Generate_Greedy_IsDeterministicAndInVocab()
    {
        var (dir, result) = Train(20);
        using var _ = dir;
        using var ckpt = GptCheckpoint.Load(result.LatestCheckpoint, "cpu");
        var a = ckpt.Generate([3, 4, 5], 10, temperature: 0);
        var b = ckpt.Generate([3, 4, 5], 10, temperature: 0);
        Assert.Equal(a, b);
        Assert.All(a, t => Assert.InRange(t, 0, 63));
        var sampled = ckpt.Generate([3, 4, 5], 10, temperature: 1.0, topK: 5, seed: 2);
        Assert.Equal(10, sampled.Length);
    }

    [Fact]
    public void Load_MissingFolder_SaysWhatIsWrong()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<FileNotFoundException>(() => GptCheckpoint.Load(dir.Path, "cpu"));
        Assert.Contains("state.json", ex.Message, StringComparison.Ordinal);
    }
}
