using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Train;

/// <summary>
/// GPT-2-style decoder: token + learned position embeddings, pre-LayerNorm blocks with causal
/// scaled-dot-product attention and a GELU MLP, final LayerNorm, output head tied to the token embedding.
/// Input: token ids [batch, time] (int64); output: logits [batch, time, vocab] (float32).
/// </summary>
public sealed class GptModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly nn.Module<Tensor, Tensor> drop;
    private readonly ModuleList<GptBlock> h;
    private readonly LayerNorm ln_f;

    public GptModel(GptConfig config) : base("gpt")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        wte = nn.Embedding(config.Vocab, config.Width);
        wpe = nn.Embedding(config.Context, config.Width);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new GptBlock(config)).ToArray());
        ln_f = nn.LayerNorm(config.Width);
        RegisterComponents();
        InitWeights();
    }

    public GptConfig Config { get; }

    /// <summary>When set (bfloat16 on CUDA), matrix products and attention run in that type; norms, residuals and the loss stay float32.</summary>
    internal ScalarType? ComputeType
    {
        get => _computeType;
        set { _computeType = value; foreach (var b in h) b.ComputeType = value; }
    }
    private ScalarType? _computeType;

    private void InitWeights()
    {
        using var _ = no_grad();
        double projStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else if (name.Contains("ln_", StringComparison.Ordinal)) p.fill_(1.0);
            else if (name.EndsWith("c_proj.weight", StringComparison.Ordinal)) nn.init.normal_(p, 0, projStd);
            else nn.init.normal_(p, 0, 0.02);
        }
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long t = input.shape[1];
        if (t > Config.Context) throw new ArgumentException($"sequence length {t} exceeds the context {Config.Context}");
        var pos = arange(t, dtype: ScalarType.Int64, device: input.device);
        var x = drop.call(wte.call(input) + wpe.call(pos));
        foreach (var block in h) x = block.call(x);
        x = ln_f.call(x);
        Tensor logits = _computeType is { } ct
            ? F.linear(x.to_type(ct), wte.weight!.to_type(ct)).to_type(ScalarType.Float32)
            : F.linear(x, wte.weight!);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="input"/> against <paramref name="target"/>.</summary>
    public Tensor Loss(Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        var logits = forward(input);
        var loss = F.cross_entropy(logits.view(-1, logits.shape[^1]), target.reshape(-1));
        return loss.MoveToOuterDisposeScope();
    }
}
