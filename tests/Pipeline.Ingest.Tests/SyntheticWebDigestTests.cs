using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Pipeline.Ingest.Synthetic;

namespace Pipeline.Ingest.Tests;

/// <summary>
/// Other areas' tests and benchmarks depend on the exact synthetic documents, so a change to the generator's speed
/// must not change one byte of them: these digests were recorded before the generator was optimised.
/// </summary>
public sealed class SyntheticWebDigestTests
{
    [Theory]
    [InlineData("text", 0.05, 0.1, 0.05, 3000, "81477a5de41036a9")]
    [InlineData("text", 0.1, 0.4, 0.2, 3000, "3d19d853271159a5")]
    [InlineData("html", 0.05, 0.3, 0.1, 400, "a6daa46e8dd4020a")]
    public void Generate_FirstDocuments_EveryFieldMatchesRecordedDigest(string format, double exact, double near, double pii, int count, string expected)
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions
        {
            Seed = 3, Format = format, ExactDuplicateRate = exact, NearDuplicateRate = near, PiiRate = pii, MinWords = 20, MaxWords = 120,
        });
        var hash = new XxHash64();
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var d = gen.Generate(i);
            sb.Clear().Append(d.Id).Append('\u0001').Append(d.Text).Append('\u0001').Append(d.Source).Append('\u0001');
            foreach (var kv in d.Meta)
            {
                sb.Append(kv.Key).Append('=');
                if (kv.Value is IEnumerable<KeyValuePair<string, long>> counts)
                    foreach (var c in counts) sb.Append(c.Key).Append(':').Append(c.Value).Append(',');
                else if (kv.Value is IEnumerable<string> list)
                    foreach (var x in list) sb.Append(x).Append(',');
                else sb.Append(string.Format(CultureInfo.InvariantCulture, "{0}", kv.Value));
                sb.Append('\u0002');
            }
            hash.Append(Encoding.UTF8.GetBytes(sb.ToString()));
        }
        Assert.Equal(expected, hash.GetCurrentHashAsUInt64().ToString("x16", CultureInfo.InvariantCulture));
    }
}
