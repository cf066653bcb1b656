using System.Text;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Tokens.Tests;

public sealed class BpeTrainerTests
{
    [Fact]
    public void Train_RepeatedWords_FirstMergesAreTheirMostFrequentPairs()
    {
        // Pre-tokens: "aab" x1, " ab" x200, " aab" x99. Pair counts: (a,b) 300; then (" ",ab) 200; then (a,ab) 100.
        var text = string.Concat(Enumerable.Repeat("aab ab ab ", 100));
        var r = BpeTrainer.Train([text], 256 + 3 + 1);
        Assert.Equal(3, r.Merges);
        Assert.Equal("ab", Encoding.UTF8.GetString(r.Tokens[256]));
        Assert.Equal(" ab", Encoding.UTF8.GetString(r.Tokens[257]));
        Assert.Equal("aab", Encoding.UTF8.GetString(r.Tokens[258]));
        Assert.Equal(260, r.VocabSize);
        Assert.Equal(259, r.EotId);
    }

    [Fact]
    public void Train_SameInput_SameRanks()
    {
        var texts = new[] { TestData.Mixed(1), TestData.Mixed(2) };
        var a = BpeTrainer.Train(texts, 500);
        var b = BpeTrainer.Train(texts, 500);
        Assert.Equal(a.Tokens.Count, b.Tokens.Count);
        for (int i = 0; i < a.Tokens.Count; i++) Assert.Equal(a.Tokens[i], b.Tokens[i]);
        Assert.Equal(499, a.Tokens.Count);
        Assert.Equal(a.Tokens.Count, a.Tokens.Select(Convert.ToBase64String).Distinct().Count());
    }

    [Fact]
    public void Train_TinyInput_StopsWhenPairsRunOut()
    {
        var r = BpeTrainer.Train(["ab ab"], 4096);
        Assert.True(r.VocabSize < 4096);
        Assert.Contains(r.Tokens, t => Encoding.UTF8.GetString(t) == "ab");
    }

    [Fact]
    public void TextSampler_LongStream_StaysWithinBudgetAndIsDeterministic()
    {
        static IReadOnlyList<string> Run(int seed)
        {
            var s = new TextSampler(64 * 1024, seed, chunkChars: 1024);
            for (int i = 0; i < 2000; i++) s.Add(TestData.Mixed(i)[..2000]);
            Assert.True(s.SampleChars <= 64 * 1024 + 1024, $"sample holds {s.SampleChars} chars");
            Assert.Equal(2000L * 2000, s.CharsSeen);
            return s.Sample().ToList();
        }
        var a = Run(5);
        Assert.Equal(a, Run(5));
        Assert.NotEqual(a, Run(6));
        Assert.Equal(64, a.Count);
    }

    [Fact]
    public void TextSampler_SmallDocumentsAllFit_SampleCharsEqualCharsSeen()
    {
        // small documents are packed into chunks with a newline between them; those newlines were never in the
        // stream, so "N sampled chars of M" must not report N > M (it said 13,251,467 of 13,242,290)
        var s = new TextSampler(1 << 20, 3, chunkChars: 1024);
        for (int i = 0; i < 500; i++) s.Add(TestData.Mixed(i)[..(50 + i % 200)]);
        s.Sample();
        Assert.Equal(s.CharsSeen, s.SampleChars);
        Assert.True(s.Sample().Sum(c => (long)c.Length) > s.CharsSeen, "the packed chunks hold separators");
    }

    [SharedDataFact("corpora/tinyshakespeare.txt")]
    public void Train_Shakespeare4096_EncodesShorterThanBytes()
    {
        var text = File.ReadAllText(SharedData.PathOf("corpora/tinyshakespeare.txt"))[..400_000];
        var r = BpeTrainer.Train([text], 4096);
        Assert.Equal(4096, r.VocabSize);
        using var dir = new TempDir();
        TokenizerFile.Save(dir.File("t.tiktoken"), r.Tokens);
        var tk = TokenizerFile.Load(dir.File("t.tiktoken"));
        var ids = tk.Encode(text);
        Assert.Equal(text, tk.Decode(ids));
        Assert.True(ids.Length < text.Length / 3.0, $"{ids.Length} tokens for {text.Length} chars");
    }
}
