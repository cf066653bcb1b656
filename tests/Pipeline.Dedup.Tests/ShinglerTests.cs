using Xunit;

namespace Pipeline.Dedup.Tests;

public sealed class ShinglerTests
{
    private static ulong[] Words(string text)
    {
        var w = new ulong[4];
        int n = Shingler.HashWords(text, ref w);
        return w[..n];
    }

    [Fact]
    public void HashWords_CasePunctuationDigitsWhitespace_Normalised()
    {
        Assert.Equal(Words("Hello, WORLD!  it's 2024\n\tnow"), Words("hello world its 1999 now"));
        Assert.Equal(5, Words("Hello, WORLD!  it's 2024\n\tnow").Length);
        Assert.NotEqual(Words("hello world"), Words("hello word"));
    }

    [Fact]
    public void HashWords_PunctuationOnlyTokens_AreNotWords()
    {
        Assert.Equal(2, Words("a -- ... b").Length);
        Assert.Empty(Words("  !!! ,,, "));
    }

    [Fact]
    public void Shingles_ShortAndEmptyText_OneOrNone()
    {
        ulong[] w = new ulong[4], s = new ulong[4];
        Assert.Equal(0, Shingler.Shingles("", 5, ref w, ref s));
        Assert.Equal(1, Shingler.Shingles("only three words", 5, ref w, ref s));
        Assert.Equal(6, Shingler.Shingles("one two three four five six seven eight nine ten", 5, ref w, ref s));
    }

    [Fact]
    public void Shingles_WordOrder_Matters()
    {
        ulong[] w = new ulong[4], s1 = new ulong[4], s2 = new ulong[4];
        Shingler.Shingles("a b c d e", 5, ref w, ref s1);
        Shingler.Shingles("e d c b a", 5, ref w, ref s2);
        Assert.NotEqual(s1[0], s2[0]);
    }

    [Fact]
    public void Jaccard_SortedSets_Exact()
    {
        Assert.Equal(2 / 4.0, Shingler.Jaccard([1, 2, 3], [2, 3, 4]));
        Assert.Equal(1.0, Shingler.Jaccard([], []));
        Assert.Equal(0.0, Shingler.Jaccard([1], [2]));
    }
}
