namespace Pipeline.Dedup;

/// <summary>Choosing LSH bands × rows for a Jaccard threshold.</summary>
public static class LshParameters
{
    /// <summary>
    /// The (bands, rows) with bands·rows ≤ <paramref name="numPerm"/> that minimise
    /// <c>fpWeight·∫₀ᵗ P(s) ds + fnWeight·∫ₜ¹ (1 − P(s)) ds</c>, where P(s) = 1 − (1 − sʳ)ᵇ is the
    /// probability that two documents of Jaccard similarity s share at least one band. The default weights favour
    /// recall because every candidate is verified; for threshold 0.8 and 112 permutations they give 18 × 6.
    /// </summary>
    public static (int Bands, int Rows) Optimal(double threshold, int numPerm, double fpWeight = 0.005, double fnWeight = 0.995)
    {
        if (threshold is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(threshold), "threshold must be between 0 and 1");
        if (numPerm < 1) throw new ArgumentOutOfRangeException(nameof(numPerm), "num_perm must be at least 1");
        double best = double.MaxValue;
        (int, int) choice = (1, numPerm);
        for (int b = 1; b <= numPerm; b++)
        {
            for (int r = 1; b * r <= numPerm; r++)
            {
                double fp = Integrate(s => Collision(s, b, r), 0, threshold);
                double fn = Integrate(s => 1 - Collision(s, b, r), threshold, 1);
                double cost = fpWeight * fp + fnWeight * fn;
                if (cost < best - 1e-12)
                {
                    best = cost;
                    choice = (b, r);
                }
            }
        }
        return choice;
    }

    /// <summary>Probability that two documents of Jaccard similarity <paramref name="s"/> share a band.</summary>
    public static double Collision(double s, int bands, int rows) => 1 - Math.Pow(1 - Math.Pow(s, rows), bands);

    private static double Integrate(Func<double, double> f, double a, double b)
    {
        const int n = 200; // Simpson's rule, even n
        double h = (b - a) / n, sum = f(a) + f(b);
        for (int i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
