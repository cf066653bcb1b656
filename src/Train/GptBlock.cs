using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Train;

/// <summary>One pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
internal sealed class GptBlock : nn.Module<Tensor, Tensor>
{
    private readonly int heads;
    private readonly double dropout;
    private readonly LayerNorm ln_1;
    private readonly Linear c_attn;
    private readonly Linear attn_c_proj;
    private readonly LayerNorm ln_2;
    private readonly Linear c_fc;
    private readonly Linear mlp_c_proj;
    private readonly nn.Module<Tensor, Tensor> resid_drop;

    public GptBlock(GptConfig config) : base("block")
    {
        heads = config.Heads;
        dropout = config.Dropout;
        ln_1 = nn.LayerNorm(config.Width);
        c_attn = nn.Linear(config.Width, 3L * config.Width);
        attn_c_proj = nn.Linear(config.Width, config.Width);
        ln_2 = nn.LayerNorm(config.Width);
        c_fc = nn.Linear(config.Width, 4L * config.Width);
        mlp_c_proj = nn.Linear(4L * config.Width, config.Width);
        resid_drop = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    internal ScalarType? ComputeType { get; set; }

    private Tensor Lin(Linear layer, Tensor x) => ComputeType is { } ct
        ? F.linear(x.to_type(ct), layer.weight!.to_type(ct), layer.bias!.to_type(ct))
        : layer.call(x);

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], c = x.shape[2];
        long hd = c / heads;
        var qkv = Lin(c_attn, ln_1.call(x));
        var parts = qkv.split(c, 2);
        var q = parts[0].view(b, t, heads, hd).transpose(1, 2);
        var k = parts[1].view(b, t, heads, hd).transpose(1, 2);
        var v = parts[2].view(b, t, heads, hd).transpose(1, 2);
        var y = F.scaled_dot_product_attention(q, k, v, null, training ? dropout : 0.0, true);
        y = y.transpose(1, 2).contiguous().view(b, t, c);
        x = x + resid_drop.call(Lin(attn_c_proj, y).to_type(x.dtype));
        var m = F.gelu(Lin(c_fc, ln_2.call(x)));
        x = x + resid_drop.call(Lin(mlp_c_proj, m).to_type(x.dtype));
        return x;
    }
}
