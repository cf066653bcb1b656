using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Ingest.Tests;

/// <summary>Issue 12: the seeded mutation fuzzer over a generated WARC (always) and the real WARCs under ../shared/data/warc.</summary>
public sealed class WarcFuzzTests(ITestOutputHelper output)
{
    /// <summary>Seed of the generated-file runs; a failure prints the seed of the mutation that broke the oracle.</summary>
    private const int Seed = 1200;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fuzz_GeneratedWarc_UntouchedRecordsSurviveAndCountsBalance(bool gzip)
    {
        using var dir = new TempDir();
        var path = dir.File(gzip ? "gen.warc.gz" : "gen.warc");
        File.WriteAllBytes(path, WarcFuzzer.Generate(24, gzip, Seed));
        var spans = WarcFuzzer.Spans(path);
        Assert.NotNull(spans);
        Assert.Equal(24, spans.Count);

        var r = WarcFuzzer.Run(path, spans, Seed * 1000, 200, dir.Path);

        output.WriteLine($"{Path.GetFileName(path)}: {r.Mutations} mutations, {r.RecordsChecked} untouched records checked, {r.Failures.Count} failures");
        WarcFuzzer.AssertClean(r);
        Assert.True(r.RecordsChecked > r.Mutations * 10, "the oracle checked too few records");
    }

    [SharedDataFact("warc")]
    public void Fuzz_SharedWarcFiles_UntouchedRecordsSurviveAndCountsBalance()
    {
        using var dir = new TempDir();
        int files = 0, mutations = 0, records = 0;
        var failures = new List<string>();
        foreach (var path in Directory.EnumerateFiles(SharedData.PathOf("warc"), "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".warc", StringComparison.Ordinal) || f.EndsWith(".warc.gz", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            if (new FileInfo(path).Length > 1 << 20) continue;
            var spans = WarcFuzzer.Spans(path);
            if (spans is null) continue;
            files++;
            var r = WarcFuzzer.Run(path, spans, 7000 + files * 100, 15, dir.Path);
            mutations += r.Mutations;
            records += r.RecordsChecked;
            failures.AddRange(r.Failures);
        }
        output.WriteLine($"shared: {files} files, {mutations} mutations, {records} untouched records checked, {failures.Count} failures");
        Assert.True(files >= 5, $"only {files} shared WARC files were fuzzable");
        WarcFuzzer.AssertClean(new WarcFuzzer.Result(mutations, records, failures));
    }
}
