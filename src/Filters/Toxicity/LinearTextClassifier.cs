using System.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Logistic regression over hashed word uni/bigrams and character n-grams (see <see cref="TextFeatures"/>), trained by
/// SGD with AdaGrad step sizes and L2 regularisation. Saved as one binary file. Scoring is thread-safe.
/// </summary>
public sealed class LinearTextClassifier
{
    private const int Magic = 0x43585450; // "PTXC"
    private const int Version = 1;
    private readonly float[] _weights;
    private float _bias;

    private LinearTextClassifier(int bits, float[] weights, float bias)
    {
        Bits = bits;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>log2 of the number of hash buckets.</summary>
    public int Bits { get; }

    /// <summary>Probability that <paramref name="text"/> is positive.</summary>
    public double Score(string text)
    {
        var idx = new List<int>();
        var val = new List<float>();
        TextFeatures.Extract(text, Bits, idx, val);
        return Sigmoid(Dot(idx, val));
    }

    private double Dot(List<int> idx, List<float> val)
    {
        double z = _bias;
        for (int i = 0; i < idx.Count; i++) z += _weights[idx[i]] * val[i];
        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Trains a model (deterministic for a given seed and data order).</summary>
    public static LinearTextClassifier Train(IReadOnlyList<LabelledText> data, int bits = 18, int epochs = 6, double learningRate = 0.5, double l2 = 1e-6, int seed = 17)
    {
        if (bits is < 10 or > 26) throw new ArgumentOutOfRangeException(nameof(bits), "bits must be between 10 and 26");
        int size = 1 << bits;
        var weights = new float[size];
        var g2 = new float[size];
        double bias = 0, biasG2 = 0;
        var features = new (int[] Idx, float[] Val)[data.Count];
        var idx = new List<int>();
        var val = new List<float>();
        for (int i = 0; i < data.Count; i++)
        {
            TextFeatures.Extract(data[i].Text, bits, idx, val);
            features[i] = (idx.ToArray(), val.ToArray());
        }
        var order = Enumerable.Range(0, data.Count).ToArray();
        var rng = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (var i in order)
            {
                var (fi, fv) = features[i];
                double z = bias;
                for (int k = 0; k < fi.Length; k++) z += weights[fi[k]] * fv[k];
                double g = Sigmoid(z) - (data[i].Positive ? 1 : 0);
                for (int k = 0; k < fi.Length; k++)
                {
                    int j = fi[k];
                    double grad = g * fv[k] + l2 * weights[j];
                    g2[j] += (float)(grad * grad);
                    weights[j] -= (float)(learningRate * grad / (Math.Sqrt(g2[j]) + 1e-8));
                }
                biasG2 += g * g;
                bias -= learningRate * g / (Math.Sqrt(biasG2) + 1e-8);
            }
        }
        return new LinearTextClassifier(bits, weights, (float)bias);
    }

    /// <summary>Writes the model to <paramref name="path"/> (temp file + rename).</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Bits);
            w.Write(_bias);
            foreach (var x in _weights) w.Write(x);
        }
        File.Move(tmp, path, true);
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static LinearTextClassifier Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"classifier model '{path}' not found; train one with `pipeline classifier train`", path);
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (r.BaseStream.Length < 16 || r.ReadInt32() != Magic) throw new InvalidDataException($"{path}: not a classifier model (bad magic)");
        int version = r.ReadInt32();
        if (version != Version) throw new InvalidDataException($"{path}: model version {version}, expected {Version}");
        int bits = r.ReadInt32();
        if (bits is < 10 or > 26) throw new InvalidDataException($"{path}: bad bucket bits {bits}");
        float bias = r.ReadSingle();
        var weights = new float[1 << bits];
        if (r.BaseStream.Length != 16 + 4L * weights.Length) throw new InvalidDataException($"{path}: truncated model ({r.BaseStream.Length} bytes)");
        for (int i = 0; i < weights.Length; i++) weights[i] = r.ReadSingle();
        return new LinearTextClassifier(bits, weights, bias);
    }
}
