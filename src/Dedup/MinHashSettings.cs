namespace Pipeline.Dedup;

/// <summary>Resolved MinHash LSH settings.</summary>
internal sealed record MinHashSettings(int ShingleSize, int Bands, int Rows, double Threshold, ulong Seed, bool VerifyExact)
{
    public int NumPerm => Bands * Rows;

    public MinHasher CreateHasher() => new(Bands, Rows, Seed);
}
