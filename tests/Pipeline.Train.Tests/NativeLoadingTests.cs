using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Train.Tests;

public sealed class NativeLoadingTests
{
    [Fact]
    public void Torch_ForwardAndBackward_ComputesGradient()
    {
        using var x = torch.tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        var grad = x.grad!.data<float>().ToArray();
        Assert.Equal(new[] { 2f, 4f, 6f }, grad);
        Assert.Equal(14f, y.item<float>());
    }
}
