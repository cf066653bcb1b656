using Pipeline.Core.Steps;
using Pipeline.Filters.Quality;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class GopherRepetitionTests
{
    private static readonly GopherRepetitionFilter Step = new(new GopherRepetitionOptions());

    private static string UniqueLine(int i) => string.Join(" ", Docs.Distinct(12, 6, i + 1)) + ".";

    [Fact]
    public void Decide_DupLineFrac_Boundary()
    {
        // 6 long unique lines + "ok go" once + 3 repeats: 3/10 = 0.30 duplicated lines, few duplicated characters.
        var inside = Enumerable.Range(0, 6).Select(UniqueLine).Concat(Enumerable.Repeat("ok go", 4));
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, string.Join("\n", inside)).Action);
        var outside = Enumerable.Range(0, 5).Select(UniqueLine).Concat(Enumerable.Repeat("ok go", 5)); // 4/10
        var o = Docs.Run(Step, string.Join("\n", outside));
        Assert.Equal("gopher_repetition:dup_line_frac", o.Reason);
        Assert.Contains("dup_line_frac=0.4", o.Details);
    }

    [Fact]
    public void Decide_DupParaFrac_Boundary()
    {
        var inside = Enumerable.Range(0, 6).Select(i => UniqueLine(i) + "\n" + UniqueLine(i + 50)).Concat(Enumerable.Repeat("ok go", 4));
        // paragraphs: 6 unique + 4 "ok go" (3 repeats) = 0.3; lines 12 unique + 4 (3 repeats) = 0.1875
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, string.Join("\n\n", inside)).Action);
        var outside = Enumerable.Range(0, 5).Select(i => UniqueLine(i) + "\n" + UniqueLine(i + 50)).Concat(Enumerable.Repeat("ok go", 5));
        Assert.Equal("gopher_repetition:dup_para_frac", Docs.Run(Step, string.Join("\n\n", outside)).Reason);
    }

    [Fact]
    public void Decide_DupLineCharFrac_Boundary()
    {
        // one long line repeated once among 9 lines: line frac 1/9, char frac = len/total.
        var unique = Enumerable.Range(0, 8).Select(UniqueLine).ToList();
        var repeated = UniqueLine(99);
        string Text(int extraChars) => string.Join("\n", unique.Append(repeated).Append(repeated)) + new string(' ', extraChars);
        int total = Text(0).Length;
        double frac = repeated.Length / (double)total;
        Assert.True(frac > 0.09 && frac < 0.2, $"setup fraction {frac}");
        var step = new GopherRepetitionFilter(Loose(frac + 1e-9));
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, Text(0)).Action);
        var tight = new GopherRepetitionFilter(Loose(frac - 1e-9));
        Assert.Equal("gopher_repetition:dup_line_char_frac", Docs.Run(tight, Text(0)).Reason);
        // with the published 0.2: two repeats of a line as long as the rest push it over.
        var heavy = string.Join("\n", unique.Take(2).Append(repeated).Append(repeated).Append(repeated));
        Assert.StartsWith("gopher_repetition:dup_line", Docs.Run(Step, heavy).Reason);
    }

    private static GopherRepetitionOptions Loose(double lineCharFrac) => new()
    {
        MaxDupLineCharFrac = lineCharFrac, MaxTop2GramCharFrac = 1, MaxTop3GramCharFrac = 1, MaxTop4GramCharFrac = 1,
        MaxDup5GramCharFrac = 1, MaxDup6GramCharFrac = 1, MaxDup7GramCharFrac = 1, MaxDup8GramCharFrac = 1, MaxDup9GramCharFrac = 1, MaxDup10GramCharFrac = 1,
    };

    [Fact]
    public void TopNGramCharFrac_KnownSequence_Measured()
    {
        // ids: a b a b c d ; bigram (a b) occurs twice: 2 * (1+1) chars over 6 chars
        int[] ids = [0, 1, 0, 1, 2, 3];
        int[] len = [1, 1, 1, 1, 1, 1];
        Assert.Equal(4.0 / 6, GopherRepetitionFilter.TopNGramCharFrac(ids, len, 2, 6), 6);
        Assert.Equal(0, GopherRepetitionFilter.TopNGramCharFrac([0, 1, 2, 3], [1, 1, 1, 1], 2, 4));
    }

    [Fact]
    public void DupNGramCharFrac_KnownSequence_Measured()
    {
        // 5-gram 0..4 appears twice, words 5..9 unique: 10 covered chars of 15
        int[] ids = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var len = Enumerable.Repeat(1, 15).ToArray();
        Assert.Equal(10.0 / 15, GopherRepetitionFilter.DupNGramCharFrac(ids, len, 5, 15), 6);
    }

    [Fact]
    public void Decide_Top2GramAndDup5Gram_Boundaries()
    {
        // 100 distinct 4-letter words with the bigram "xq yq" inserted k times: top 2-gram frac = 4k/(400+4k)
        string Text(int k)
        {
            var words = Docs.Distinct(100, 4, 3);
            var list = new List<string>();
            for (int i = 0; i < words.Count; i++) { list.Add(words[i]); if (i < k * 8 && i % 8 == 0) { list.Add("xq"); list.Add("yq"); } }
            return string.Join(" ", list) + ".";
        }
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, Text(12)).Action); // 48/448 = 0.107 (no duplicated 5-grams)
        var step = new GopherRepetitionFilter(new GopherRepetitionOptions { MaxTop2GramCharFrac = 0.10 });
        Assert.Equal("gopher_repetition:top_2gram_char_frac", Docs.Run(step, Text(12)).Reason);

        // a 5-word phrase repeated: duplicated 5-gram chars
        var baseWords = Docs.Distinct(80, 5, 4);
        var phrase = Docs.Distinct(5, 5, 5);
        string Dup(int copies) => string.Join(" ", baseWords.Take(40).Concat(Enumerable.Range(0, copies).SelectMany(_ => phrase.Append("zz" + copies))).Concat(baseWords.Skip(40))) + ".";
        // 2 copies: 50 covered chars of 400 + 50 + 6 = 0.11 > 0.15? no: kept
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, Dup(2)).Action);
        // 4 copies: 100 covered chars of 400 + 100 + 12 = 0.195 > 0.15
        Assert.Equal("gopher_repetition:dup_5gram_char_frac", Docs.Run(Step, Dup(4)).Reason);
    }
}
