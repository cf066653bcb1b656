using Pipeline.Core.Steps;
using Pipeline.Filters.Quality;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class GopherQualityTests
{
    private static readonly GopherQualityFilter Step = new(new GopherQualityOptions());

    private static string Words(int n) => string.Join(" ", Enumerable.Range(0, n).Select(i => i % 5 == 0 ? "the" : "house"));

    private static void Expect(string text, string? reason, params (string, object)[] meta)
    {
        var o = Docs.Run(Step, Docs.Make(text, meta));
        Assert.Equal(reason, o.Reason);
        Assert.Equal(reason is null ? OutcomeAction.Kept : OutcomeAction.Dropped, o.Action);
    }

    [Fact]
    public void Decide_MinWords_50Keeps49Drops()
    {
        Expect(Words(50), null);
        Expect(Words(49), "gopher_quality:min_words");
    }

    [Fact]
    public void Decide_MaxWords_Boundary()
    {
        var step = new GopherQualityFilter(new GopherQualityOptions { MaxWords = 60 });
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, Words(60)).Action);
        Assert.Equal("gopher_quality:max_words", Docs.Run(step, Words(61)).Reason);
    }

    [Fact]
    public void Decide_MeanWordLength_LowerBound()
    {
        var inside = string.Join(" ", Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? "the" : "and")); // mean 3.0
        Expect(inside, null);
        Expect("to " + string.Join(" ", Enumerable.Range(0, 49).Select(i => i % 2 == 0 ? "the" : "and")), "gopher_quality:mean_word_length"); // 2.98
    }

    [Fact]
    public void Decide_MeanWordLength_UpperBound()
    {
        var words = new List<string> { "the", "and" };
        words.AddRange(Docs.Distinct(46, 10));
        words.AddRange(Docs.Distinct(2, 17, 1)); // 6 + 460 + 34 = 500 chars / 50 words = 10.0
        Expect(string.Join(" ", words), null);
        words[^1] += "x"; // 10.02
        var o = Docs.Run(Step, string.Join(" ", words));
        Assert.Equal("gopher_quality:mean_word_length", o.Reason);
        Assert.Contains("10.02", o.Details);
    }

    [Fact]
    public void Decide_SymbolWordRatio_Boundary()
    {
        Expect(Words(50) + string.Concat(Enumerable.Repeat(" #", 5)), null); // 5/50 = 0.1
        Expect(Words(50) + string.Concat(Enumerable.Repeat(" #", 6)), "gopher_quality:symbol_word_ratio");
    }

    private static string Lines(int total, int marked, Func<string, string> mark) =>
        string.Join("\n", Enumerable.Range(0, total).Select(i => i < marked ? mark(Words(6)) : Words(6) + "."));

    [Fact]
    public void Decide_BulletLines_Boundary()
    {
        Expect(Lines(10, 9, l => "- " + l), null);
        Expect(Lines(10, 10, l => "• " + l), "gopher_quality:bullet_lines_ratio");
    }

    [Fact]
    public void Decide_EllipsisLines_Boundary()
    {
        Expect(Lines(10, 3, l => l + "…"), null);
        Expect(Lines(10, 4, l => l + "…"), "gopher_quality:ellipsis_lines_ratio");
    }

    [Fact]
    public void Decide_AlphaWords_Boundary()
    {
        string Make(int numbers) => string.Join(" ", Enumerable.Range(0, 50).Select(i => i < numbers ? "123" : i % 5 == 0 ? "the" : "house"));
        Expect(Make(10), null); // 40/50 = 0.8
        Expect(Make(11), "gopher_quality:alpha_words_ratio");
    }

    [Fact]
    public void Decide_StopWords_TwoKeepOneDropsOtherLanguageSkips()
    {
        string Make(int stops) => string.Join(" ", Enumerable.Range(0, 50).Select(i => i < stops ? "with" : "house"));
        Expect(Make(2), null);
        Expect(Make(1), "gopher_quality:stop_words");
        Expect(Make(0), null, ("language", "de"));
    }

    [Fact]
    public void Decide_ChineseText_DoesNotThrow()
    {
        var o = Docs.Run(Step, Docs.Make(string.Concat(Enumerable.Repeat("我们今天去公园散步。", 10)), ("language", "zh")));
        Assert.Equal("gopher_quality:mean_word_length", o.Reason);
    }
}
