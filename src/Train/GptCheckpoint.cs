using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Train;

/// <summary>A trained model loaded from a checkpoint folder, in eval mode, for scoring and sampling.</summary>
public sealed class GptCheckpoint : IDisposable
{
    private GptCheckpoint(string folder, GptModel model, TrainState state, Device device)
    {
        Folder = folder;
        Model = model;
        State = state;
        Device = device;
    }

    public string Folder { get; }
    public GptModel Model { get; }
    public GptConfig Config => State.Config;
    public TrainState State { get; }
    public Device Device { get; }
    /// <summary>Tokenizer of the shard set it was trained on, when the manifest named one.</summary>
    public string? TokenizerPath => State.Tokenizer;

    /// <summary>Loads <c>model.bin</c> and <c>state.json</c> from <paramref name="folder"/>; device auto|cpu|cuda.</summary>
    public static GptCheckpoint Load(string folder, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(folder);
        var state = GptTrainer.LoadState(folder);
        var modelPath = Path.Combine(folder, "model.bin");
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"{folder}: no model.bin; is the checkpoint complete?");
        var dev = TorchSetup.Resolve(device);
        var model = new GptModel(state.Config);
        model.load(modelPath);
        model.to(dev);
        if (dev.type == DeviceType.CUDA) model.ComputeType = ScalarType.BFloat16;
        model.eval();
        return new GptCheckpoint(Path.GetFullPath(folder), model, state, dev);
    }

    /// <summary>
    /// Natural-log probability of each token given the ones before it: element i is log p(tokens[i + 1] | tokens[..(i + 1)]),
    /// so the result has tokens.Length - 1 entries. Sequences longer than the context are scored in sliding windows
    /// (stride half the context), each token once, with at least half a context before it.
    /// </summary>
    public float[] TokenLogProbs(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length < 2) return [];
        foreach (var t in tokens)
            if (t < 0 || t >= Config.Vocab) throw new ArgumentOutOfRangeException(nameof(tokens), $"token {t} is outside the model's vocabulary 0..{Config.Vocab - 1}");
        var result = new float[tokens.Length - 1];
        int ctx = Config.Context;
        int stride = Math.Max(1, ctx / 2);
        int scored = 0; // targets 1..scored done
        using var _ = no_grad();
        for (int begin = 0; scored < tokens.Length - 1; begin = Math.Min(begin + stride, tokens.Length - 1))
        {
            using var scope = NewDisposeScope();
            int end = Math.Min(begin + ctx + 1, tokens.Length); // window [begin, end): inputs begin..end-2, targets begin+1..end-1
            var ids = new long[end - begin];
            for (int i = 0; i < ids.Length; i++) ids[i] = tokens[begin + i];
            var all = tensor(ids, [1, ids.Length], ScalarType.Int64).to(Device);
            var logits = Model.call(all.narrow(1, 0, ids.Length - 1));
            var logp = F.log_softmax(logits.to_type(ScalarType.Float32), -1)
                .gather(-1, all.narrow(1, 1, ids.Length - 1).unsqueeze(-1)).squeeze(-1).squeeze(0).cpu();
            var values = logp.data<float>().ToArray();
            for (int target = Math.Max(scored + 1, begin + 1); target < end; target++) result[target - 1] = values[target - begin - 1];
            scored = end - 1;
        }
        return result;
    }

    /// <summary>Samples <paramref name="count"/> tokens after <paramref name="prompt"/> (temperature, top-k; seeded).</summary>
    public int[] Generate(ReadOnlySpan<int> prompt, int count, double temperature = 0.8, int topK = 40, long seed = 1)
    {
        var seq = prompt.ToArray().ToList();
        if (seq.Count == 0) throw new ArgumentException("the prompt needs at least one token", nameof(prompt));
        using var gen = new Generator((ulong)seed, CPU);
        using var _ = no_grad();
        var output = new int[count];
        for (int n = 0; n < count; n++)
        {
            using var scope = NewDisposeScope();
            int from = Math.Max(0, seq.Count - Config.Context);
            var ids = seq.Skip(from).Select(t => (long)t).ToArray();
            var logits = Model.call(tensor(ids, [1, ids.Length], ScalarType.Int64).to(Device))
                .select(1, ids.Length - 1).squeeze(0).to_type(ScalarType.Float32).cpu();
            int next;
            if (temperature <= 0) next = (int)logits.argmax().item<long>();
            else
            {
                logits = logits / temperature;
                if (topK > 0 && topK < Config.Vocab)
                {
                    var kth = logits.topk(topK).values[topK - 1];
                    logits = logits.masked_fill(logits < kth, float.NegativeInfinity);
                }
                next = (int)multinomial(F.softmax(logits, -1), 1, false, gen).item<long>();
            }
            output[n] = next;
            seq.Add(next);
        }
        return output;
    }

    public void Dispose() => Model.Dispose();
}
