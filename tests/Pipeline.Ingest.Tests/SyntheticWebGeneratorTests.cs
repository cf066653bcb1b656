using System.Text.RegularExpressions;
using Pipeline.Core.Documents;
using Pipeline.Ingest.Synthetic;
using Pipeline.Testing;

namespace Pipeline.Ingest.Tests;

public sealed partial class SyntheticWebGeneratorTests
{
    private static readonly string[] StopWords = ["the", "be", "to", "of", "and", "that", "have", "with"];

    [Fact]
    public void Generate_SameSeedAndIndex_SameDocumentWhateverTheOrder()
    {
        var options = new SyntheticWebOptions { Seed = 7, PiiRate = 0.3, LicenceRate = 0.3 };
        var a = new SyntheticWebGenerator(options);
        var b = new SyntheticWebGenerator(options);
        var forward = Enumerable.Range(0, 400).Select(i => a.Generate(i)).ToList();
        var backward = Enumerable.Range(0, 400).Reverse().Select(i => b.Generate(i)).Reverse().ToList();
        var parallel = new Document[400];
        Parallel.For(0, 400, i => parallel[i] = b.Generate(i));
        for (int i = 0; i < 400; i++)
        {
            Assert.Equal(forward[i], backward[i]);
            Assert.Equal(forward[i], parallel[i]);
        }
        var other = new SyntheticWebGenerator(options with { Seed = 8 }).Generate(10);
        Assert.NotEqual(forward[10].Text, other.Text);
        Assert.NotEqual(forward[10].Id, other.Id);
        Assert.Equal(400, forward.Select(d => d.Id).Distinct().Count());
        Assert.All(forward, d => Assert.Equal(DocumentId.For(a.SourceName, d.Source.Offset), d.Id));
    }

    [Fact]
    public void Generate_Rates_RoughlyHonouredAndDuplicatesPointToEarlierOriginals()
    {
        var options = new SyntheticWebOptions
        {
            Seed = 11, ExactDuplicateRate = 0.1, NearDuplicateRate = 0.3, BoilerplateRate = 0.05, LowQualityRate = 0.05,
            PiiRate = 0.1, LicenceRate = 0.2, OffensiveRate = 0.05, MinWords = 60, MaxWords = 200,
        };
        var gen = new SyntheticWebGenerator(options);
        const int n = 10_000;
        var docs = Enumerable.Range(0, n).Select(i => gen.Generate(i)).ToList();
        var kinds = docs.GroupBy(d => d.Meta.GetString("synthetic_kind")!).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(kinds["exact_duplicate"], 0.085 * n, 0.115 * n);
        Assert.InRange(kinds["near_duplicate"], 0.27 * n, 0.33 * n);
        Assert.InRange(kinds["boilerplate"], 0.04 * n, 0.06 * n);
        Assert.InRange(kinds["low_quality"], 0.04 * n, 0.06 * n);

        var firstOfCluster = new Dictionary<string, Document>();
        foreach (var d in docs)
        {
            var cluster = d.Meta.GetString("synthetic_cluster")!;
            var kind = d.Meta.GetString("synthetic_kind");
            if (!firstOfCluster.TryGetValue(cluster, out var first))
            {
                Assert.NotEqual("exact_duplicate", kind);
                Assert.NotEqual("near_duplicate", kind);
                firstOfCluster[cluster] = d;
                continue;
            }
            Assert.Equal("original", first.Meta.GetString("synthetic_kind"));
            Assert.Equal("c" + first.Source.Offset, cluster);
            if (kind == "exact_duplicate") Assert.Equal(first.Text, d.Text);
            if (kind == "near_duplicate")
            {
                Assert.NotEqual(first.Text, d.Text);
                var rate = d.Meta.GetDouble("near_dup_edit_rate")!.Value;
                Assert.InRange(rate, 0.005, 0.03 + 1.0 / options.MinWords);
                var w1 = first.Text.Split(' ').Length;
                Assert.InRange(d.Text.Split(' ').Length, w1 - 10, w1 + 10);
            }
        }

        var originals = docs.Where(d => d.Meta.GetString("synthetic_kind") == "original").ToList();
        double pii = originals.Count(d => d.Meta.ContainsKey("synthetic_pii")) / (double)originals.Count;
        double lic = originals.Count(d => d.Meta.ContainsKey("synthetic_licence")) / (double)originals.Count;
        double off = originals.Count(d => d.Meta.ContainsKey("synthetic_offensive")) / (double)originals.Count;
        Assert.InRange(pii, 0.08, 0.12);
        Assert.InRange(lic, 0.17, 0.23);
        Assert.InRange(off, 0.035, 0.065);
        Assert.InRange(docs.Select(d => d.Meta.GetString("domain")).Distinct().Count(), 150, 200);
    }

    [Fact]
    public void Generate_Originals_LookLikeProseAndLowQualityDoesNot()
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = 5, MinWords = 30, MaxWords = 80, LowQualityRate = 0.2 });
        var docs = Enumerable.Range(0, 2000).Select(i => gen.Generate(i)).ToList();
        foreach (var d in docs.Where(d => d.Meta.GetString("synthetic_kind") == "original"))
        {
            var words = Words().Matches(d.Text).Select(m => m.Value.ToLowerInvariant()).ToList();
            Assert.InRange(words.Count, 30, 80 + 40);
            Assert.True(words.Count(w => StopWords.Contains(w)) >= 2, d.Text);
            foreach (var para in d.Text.Split("\n\n"))
                Assert.Matches("^[A-Z].*[.?!)]$", para);
            Assert.DoesNotContain("#", d.Text, StringComparison.Ordinal);
            Assert.InRange(words.Average(w => w.Length), 3.0, 10.0);
        }
        foreach (var d in docs.Where(d => d.Meta.GetString("synthetic_kind") == "low_quality"))
        {
            var lines = d.Text.Split('\n');
            double dupLines = 1 - lines.Distinct().Count() / (double)lines.Length;
            Assert.True(dupLines >= 0.3, d.Text);
            Assert.True(Words().Matches(d.Text).Count(m => StopWords.Contains(m.Value.ToLowerInvariant())) < 2, d.Text);
        }
    }

    [Fact]
    public void Generate_Pii_CardNumbersPassLuhnAndCountsMatchText()
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = 2, PiiRate = 1.0, ExactDuplicateRate = 0, NearDuplicateRate = 0, BoilerplateRate = 0, LowQualityRate = 0 });
        int cards = 0, emails = 0, ips = 0;
        for (int i = 0; i < 600; i++)
        {
            var d = gen.Generate(i);
            var counts = d.Meta.GetCounts("synthetic_pii");
            Assert.NotEmpty(counts);
            var cardMatches = Card().Matches(d.Text);
            Assert.Equal(counts.GetValueOrDefault("credit_card"), cardMatches.Count);
            foreach (Match m in cardMatches)
            {
                Assert.True(Luhn(m.Value), m.Value);
                cards++;
            }
            Assert.Equal(counts.GetValueOrDefault("email"), Email().Matches(d.Text).Count);
            emails += (int)counts.GetValueOrDefault("email");
            ips += (int)counts.GetValueOrDefault("ip_address");
        }
        Assert.True(cards > 20 && emails > 20 && ips > 20);
    }

    [Fact]
    public void Generate_Html_PageChromeAroundArticleWithLicenceAndOptOutMarkup()
    {
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Seed = 4, Format = "html", LicenceRate = 0.5, OptOutRate = 0.5 });
        int licensed = 0, optOut = 0;
        for (int i = 0; i < 200; i++)
        {
            var d = gen.Generate(i);
            Assert.Equal("text/html", d.Source.ContentType);
            Assert.StartsWith("https://", d.Source.Url, StringComparison.Ordinal);
            Assert.Contains(d.Meta.GetString("domain")!, d.Source.Url, StringComparison.Ordinal);
            Assert.Matches("<html lang=\"en(-US)?\">", d.Text);
            foreach (var part in new[] { "<title>", "<nav", "<header", "<footer", "<aside", "cookie-banner", "<script", "<style>", "<h1>" })
                Assert.Contains(part, d.Text, StringComparison.Ordinal);
            Assert.True(d.Text.Contains("<article", StringComparison.Ordinal) || d.Text.Contains("class=\"post-content", StringComparison.Ordinal));
            if (d.Meta.GetString("synthetic_licence") is not null)
            {
                licensed++;
                Assert.Contains("rel=\"license\"", d.Text, StringComparison.Ordinal);
            }
            else Assert.DoesNotContain("rel=\"license\"", d.Text, StringComparison.Ordinal);
            if (d.Meta.GetBool("synthetic_opt_out") == true)
            {
                optOut++;
                Assert.Contains("<meta name=\"robots\" content=\"noai, noimageai\">", d.Text, StringComparison.Ordinal);
            }
            else Assert.DoesNotContain("noai", d.Text, StringComparison.Ordinal);
        }
        Assert.InRange(licensed, 50, 120);
        Assert.InRange(optOut, 70, 130);
    }

    [Fact]
    public async Task ReadAsync_TaskShares_ConcatenateToTheSingleTaskOutput()
    {
        using var dir = new TempDir();
        var options = new SyntheticWebOptions { Count = 1500, Seed = 9 };
        var all = await JsonlTestSupport.ReadAllAsync(new SyntheticWebSource(options), JsonlTestSupport.Context(dir.Path));
        var parts = new List<Document>();
        for (int t = 0; t < 3; t++)
            parts.AddRange(await JsonlTestSupport.ReadAllAsync(new SyntheticWebSource(options), JsonlTestSupport.Context(dir.Path, taskIndex: t, taskCount: 3)));
        Assert.Equal(1500, all.Count);
        Assert.Equal(all, parts);
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => (long)i), all.Select(d => d.Source.Offset));
    }

    [Fact]
    public void Options_InconsistentRates_Rejected()
    {
        var problems = new SyntheticWebOptions { MinWords = 10, MaxWords = 5, ExactDuplicateRate = 0.5, NearDuplicateRate = 0.5 }.Validate().ToList();
        Assert.Contains(problems, p => p.Key == "min_words");
        Assert.Contains(problems, p => p.Key == "exact_duplicate_rate");
        Assert.Throws<ArgumentException>(() => new SyntheticWebGenerator(new SyntheticWebOptions { MinWords = 10, MaxWords = 5 }));
    }

    private static bool Luhn(string number)
    {
        var digits = number.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        int sum = 0;
        for (int i = digits.Length - 1, k = 0; i >= 0; i--, k++)
        {
            int v = digits[i];
            if (k % 2 == 1)
            {
                v *= 2;
                if (v > 9) v -= 9;
            }
            sum += v;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\b4\d{3}[ -]\d{4}[ -]\d{4}[ -]\d{4}\b")]
    private static partial Regex Card();

    [GeneratedRegex(@"[a-z0-9.]+@[a-z0-9.]+\.[a-z]+")]
    private static partial Regex Email();
}
