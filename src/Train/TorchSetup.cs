using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Train;

/// <summary>Device choice and process-wide torch settings.</summary>
internal static class TorchSetup
{
    public static Device Resolve(string device) => device switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available() ? CUDA : throw new InvalidOperationException(
            "device 'cuda' was asked for but torch sees no CUDA device (this build uses TorchSharp-cpu unless built with -p:TorchBackend=cuda); use device 'auto' or 'cpu'"),
        "auto" or "" => cuda.is_available() ? CUDA : CPU,
        _ => throw new ArgumentException($"device must be auto, cpu or cuda, got '{device}'"),
    };

    public static void SetThreads(int threads)
    {
        int n = threads > 0 ? threads : Environment.ProcessorCount;
        if (get_num_threads() != n) set_num_threads(n);
    }
}
