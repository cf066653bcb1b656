using System.Text;

using Pipeline.Filters.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary>
/// Logistic regression over hashed features (see <see cref="TextFeatures"/>), trained by SGD with AdaGrad step sizes
/// and L2 regularisation; rows may carry weights (a weight w is seen w times an epoch on average); optionally each
/// feature is first scaled by its naive-Bayes log-count ratio (NB-LR), a scale folded into the saved weights. Saved as
/// one binary file: version 3 (current) holds the presence n-gram + word-list + word-class feature set, the word list
/// as hashes and the recommended threshold; version-2 (normalised n-grams + word list) and version-1 files (plain
/// n-grams, no threshold) still load and score with their own features. Scoring is thread-safe.
/// </summary>
public sealed class LinearTextClassifier
{
    private const int Magic = 0x43585450; // "PTXC"
    private const int CurrentVersion = 3;
    private const string DefaultResource = "Pipeline.Filters.Toxicity.toxicity-default.bin";
    private static readonly Lazy<LinearTextClassifier> BuiltIn = new(LoadDefault);
    private readonly float[] _weights;
    private readonly float _bias;
    private readonly FeatureLexicon _lexicon;

    private LinearTextClassifier(int version, int bits, float[] weights, float bias, double threshold, FeatureLexicon lexicon)
    {
        Version = version;
        Bits = bits;
        _weights = weights;
        _bias = bias;
        Threshold = threshold;
        _lexicon = lexicon;
    }

    /// <summary>log2 of the number of hash buckets.</summary>
    public int Bits { get; }

    /// <summary>File format / feature set version (1, 2 or 3).</summary>
    public int Version { get; }

    /// <summary>The recommended decision threshold (chosen on held-out data when trained; 0.5 for version-1 files).</summary>
    public double Threshold { get; }

    /// <summary>Number of word-list entries held (as hashes) for the lexicon features.</summary>
    public int LexiconSize => _lexicon.Count;

    /// <summary>The toxicity model shipped inside this assembly (see docs/filters.md for its training run).</summary>
    public static LinearTextClassifier Default => BuiltIn.Value;

    /// <summary>Probability that <paramref name="text"/> is positive.</summary>
    public double Score(string text)
    {
        var idx = new List<int>();
        var val = new List<float>();
        Features(text, Version, Bits, _lexicon, idx, val);
        double z = _bias;
        for (int i = 0; i < idx.Count; i++) z += _weights[idx[i]] * val[i];
        return Sigmoid(z);
    }

    /// <summary>A copy with another recommended threshold.</summary>
    public LinearTextClassifier WithThreshold(double threshold) => new(Version, Bits, _weights, _bias, threshold, _lexicon);

    private static void Features(string text, int version, int bits, FeatureLexicon lexicon, List<int> idx, List<float> val)
    {
        if (version == 1) TextFeatures.Extract(text, bits, idx, val);
        else if (version == 2) TextFeatures.ExtractNormalised(text, bits, lexicon, idx, val);
        else TextFeatures.ExtractVersion3(text, bits, lexicon, idx, val);
    }

    /// <summary>The current version's features of every text (computed once, shared by cross-validation folds).</summary>
    internal static (int[] Idx, float[] Val)[] FeaturesOf(IReadOnlyList<LabelledText> data, int bits, FeatureLexicon lexicon)
    {
        var features = new (int[] Idx, float[] Val)[data.Count];
        var idx = new List<int>();
        var val = new List<float>();
        for (int i = 0; i < data.Count; i++)
        {
            Features(data[i].Text, CurrentVersion, bits, lexicon, idx, val);
            features[i] = (idx.ToArray(), val.ToArray());
        }
        return features;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Trains a model without a word list (deterministic for a given seed and data order).</summary>
    public static LinearTextClassifier Train(IReadOnlyList<LabelledText> data, int bits = 18, int epochs = 6, double learningRate = 0.5, double l2 = 1e-6, int seed = 17) =>
        Train(data, null, FeatureLexicon.Empty, bits, epochs, learningRate, l2, seed);

    internal static LinearTextClassifier Train(IReadOnlyList<LabelledText> data, IReadOnlyList<double>? rowWeights, FeatureLexicon lexicon,
        int bits, int epochs, double learningRate, double l2, int seed, bool naiveBayes = false)
    {
        if (bits is < 10 or > 26) throw new ArgumentOutOfRangeException(nameof(bits), "bits must be between 10 and 26");
        return Train(FeaturesOf(data, bits, lexicon), data.Select(d => d.Target).ToList(), rowWeights, lexicon, bits, epochs, learningRate, l2, seed, naiveBayes);
    }

    /// <summary>Trains on precomputed features (<see cref="FeaturesOf"/>) with per-row targets and weights.</summary>
    internal static LinearTextClassifier Train((int[] Idx, float[] Val)[] features, IReadOnlyList<double> targets, IReadOnlyList<double>? rowWeights,
        FeatureLexicon lexicon, int bits, int epochs, double learningRate, double l2, int seed, bool naiveBayes)
    {
        if (bits is < 10 or > 26) throw new ArgumentOutOfRangeException(nameof(bits), "bits must be between 10 and 26");
        int size = 1 << bits;
        var scale = naiveBayes ? NaiveBayesRatios(features, targets, rowWeights, size) : null;
        if (scale is not null)
            features = features.Select(f => (f.Idx, f.Idx.Select((j, k) => f.Val[k] * scale[j]).ToArray())).ToArray();
        var weights = new float[size];
        var g2 = new float[size];
        double bias = 0, biasG2 = 0;
        var rng = new Random(seed);
        var order = new List<int>(features.Length * 2);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            order.Clear();
            for (int i = 0; i < features.Length; i++)
            {
                double w = rowWeights?[i] ?? 1;
                int times = (int)w + (rng.NextDouble() < w - Math.Floor(w) ? 1 : 0);
                for (int k = 0; k < times; k++) order.Add(i);
            }
            var shuffled = order.ToArray();
            rng.Shuffle(shuffled);
            foreach (var i in shuffled)
            {
                var (fi, fv) = features[i];
                double z = bias;
                for (int k = 0; k < fi.Length; k++) z += weights[fi[k]] * fv[k];
                double g = Sigmoid(z) - targets[i];
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
        // score = Σ w_j (r_j x_j) = Σ (w_j r_j) x_j: the scale goes into the saved weights, scoring stays as it is
        if (scale is not null) for (int j = 0; j < size; j++) weights[j] *= scale[j];
        return new LinearTextClassifier(CurrentVersion, bits, weights, (float)bias, 0.5, lexicon);
    }

    /// <summary>
    /// |log-count ratio| of each bucket (Wang &amp; Manning's NB features): |log((p_j + α)/‖p + α‖₁ ÷ (q_j + α)/‖q + α‖₁)|, where p and q
    /// sum the feature values of positive and negative rows (weighted by row weight × target and × (1 − target)) and
    /// α is the mean row weight. Features that mark one class get larger steps and weaker relative L2 than neutral ones.
    /// </summary>
    private static float[] NaiveBayesRatios((int[] Idx, float[] Val)[] features, IReadOnlyList<double> targets, IReadOnlyList<double>? rowWeights, int size)
    {
        var p = new double[size];
        var q = new double[size];
        double weightSum = 0;
        for (int n = 0; n < features.Length; n++)
        {
            double w = rowWeights?[n] ?? 1;
            weightSum += w;
            double pw = w * targets[n], qw = w * (1 - targets[n]);
            var (fi, fv) = features[n];
            for (int k = 0; k < fi.Length; k++)
            {
                p[fi[k]] += pw * fv[k];
                q[fi[k]] += qw * fv[k];
            }
        }
        double alpha = features.Length == 0 ? 1 : weightSum / features.Length, ps = 0, qs = 0;
        for (int j = 0; j < size; j++) { ps += p[j] + alpha; qs += q[j] + alpha; }
        var r = new float[size];
        for (int j = 0; j < size; j++) r[j] = (float)Math.Abs(Math.Log((p[j] + alpha) / ps / ((q[j] + alpha) / qs)));
        return r;
    }

    /// <summary>Writes the model to <paramref name="path"/> (temp file + rename).</summary>
    public void Save(string path)
    {
        ModelFile.Save(path, w =>
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Bits);
            w.Write(_bias);
            if (Version >= 2)
            {
                w.Write(Threshold);
                _lexicon.Write(w);
            }
            foreach (var x in _weights) w.Write(x);
        });
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static LinearTextClassifier Load(string path) => ModelFile.Load(path, "classifier model", "pipeline classifier train", Read);

    private static LinearTextClassifier LoadDefault() => ModelFile.LoadBuiltIn(DefaultResource, "toxicity model", Read);

    private static LinearTextClassifier Read(Stream stream, string path)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (stream.Length < 16 || r.ReadInt32() != Magic) throw new InvalidDataException($"{path}: not a classifier model (bad magic)");
            int version = r.ReadInt32();
            if (version is < 1 or > CurrentVersion) throw new InvalidDataException($"{path}: model version {version}, expected 1 to {CurrentVersion}");
            int bits = r.ReadInt32();
            if (bits is < 10 or > 26) throw new InvalidDataException($"{path}: bad bucket bits {bits}");
            float bias = r.ReadSingle();
            double threshold = 0.5;
            var lexicon = FeatureLexicon.Empty;
            if (version >= 2)
            {
                threshold = r.ReadDouble();
                if (threshold is < 0 or > 1 || double.IsNaN(threshold)) throw new InvalidDataException($"{path}: bad threshold {threshold}");
                lexicon = FeatureLexicon.Read(r, path);
            }
            var weights = new float[1 << bits];
            if (stream.Length - stream.Position != 4L * weights.Length) throw new InvalidDataException($"{path}: truncated model ({stream.Length} bytes)");
            for (int i = 0; i < weights.Length; i++) weights[i] = r.ReadSingle();
            return new LinearTextClassifier(version, bits, weights, bias, threshold, lexicon);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: truncated model ({stream.Length} bytes)", ex);
        }
    }
}
