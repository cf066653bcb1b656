using Pipeline.Testing;
using Xunit;

namespace Pipeline.Tokens.Tests;

public sealed class TokenizerFileTests
{
    [SharedDataFact("corpora")]
    public void Encode_EveryCorpusDocument_DecodesToSameText()
    {
        var small = TestData.Small;
        var cl100k = TokenizerFile.Load("cl100k_base");
        int docs = 0;
        foreach (var (name, text) in TestData.CorpusDocuments())
        {
            // Every document with a trained vocabulary; cl100k on every other one (keeps the suite fast on 2 cores).
            foreach (var tk in docs % 2 == 0 ? new[] { small, cl100k } : [small])
            {
                var ids = tk.Encode(text);
                Assert.True(tk.Decode(ids) == text, $"{tk.Name}: round trip differs for {name}");
                Assert.DoesNotContain(tk.EotId, ids);
            }
            docs++;
        }
        Assert.Equal(233 + 2, docs);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void Encode_MixedScriptsAndEmoji_RoundTrips(string which)
    {
        var tk = which == "small" ? TestData.Small : TokenizerFile.Load(which);
        for (int seed = 0; seed < 5; seed++)
        {
            var text = TestData.Mixed(seed + 100);
            var ids = tk.Encode(text);
            Assert.Equal(text, tk.Decode(ids));
            Assert.DoesNotContain(tk.EotId, ids);
        }
        foreach (var edge in new[] { "", " ", "\n", "😀", "<|endoftext|>", "a<|endoftext|>b<|endoftext|>", "\uFEFFbom", new string(' ', 5000) })
            Assert.Equal(edge, tk.Decode(tk.Encode(edge)));
    }

    [Fact]
    public void Load_Prebuilt_HasKnownEotAndVocabulary()
    {
        var cl = TokenizerFile.Load("cl100k_base");
        Assert.Equal(100257, cl.EotId);
        Assert.Equal(100277, cl.VocabSize);
        Assert.Equal(TokenizerFile.EndOfText, cl.Decode([cl.EotId]));
        var o = TokenizerFile.Load("o200k_base");
        Assert.Equal(199999, o.EotId);
        Assert.True(o.VocabSize > 65536);
        Assert.Equal(ShardFormat.VersionUInt32, ShardFormat.VersionFor(o.VocabSize));
        Assert.Equal(ShardFormat.VersionUInt32, ShardFormat.VersionFor(cl.VocabSize));
    }

    [Fact]
    public void Load_SavedRankFile_RanksAreBytesThenMergesAndEotFollows()
    {
        var tk = TestData.Small;
        var lines = File.ReadAllLines(TestData.SmallPath);
        Assert.InRange(lines.Length, 600, 1023);
        Assert.Equal(lines.Length + 1, tk.VocabSize);
        Assert.Equal(lines.Length, tk.EotId);
        Assert.Equal(TokenizerFile.EndOfText, tk.Decode([tk.EotId]));
        Assert.Equal($"{Convert.ToBase64String([(byte)'A'])} 65", lines[65]);
        Assert.Equal(64, tk.Sha256!.Length);
        // A trained vocabulary compresses: far fewer tokens than bytes.
        var text = TestData.Mixed(42);
        Assert.True(tk.Encode(text).Length < System.Text.Encoding.UTF8.GetByteCount(text) / 2);
    }

    [Fact]
    public void Load_MissingOrBadFile_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var missing = dir.File("nope.tiktoken");
        var e = Assert.Throws<FileNotFoundException>(() => TokenizerFile.Load(missing));
        Assert.Contains(missing, e.Message);
        var bad = dir.File("bad.tiktoken");
        File.WriteAllText(bad, "!!!notbase64 x\n");
        var e2 = Assert.ThrowsAny<Exception>(() => TokenizerFile.Load(bad));
        Assert.Contains(bad, e2.Message);
    }
}
