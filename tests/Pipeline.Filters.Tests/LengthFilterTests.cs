using Pipeline.Core.Steps;
using Pipeline.Filters.Quality;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class LengthFilterTests
{
    [Theory]
    [InlineData(10, OutcomeAction.Kept)]
    [InlineData(9, OutcomeAction.Dropped)]
    public void Decide_MinChars_Boundary(int chars, OutcomeAction expected)
    {
        var o = Docs.Run(new LengthFilter(new LengthOptions { MinChars = 10 }), new string('a', chars));
        Assert.Equal(expected, o.Action);
        if (expected == OutcomeAction.Dropped) Assert.Equal("length:min_chars", o.Reason);
    }

    [Theory]
    [InlineData(10, OutcomeAction.Kept)]
    [InlineData(11, OutcomeAction.Dropped)]
    public void Decide_MaxChars_Boundary(int chars, OutcomeAction expected) =>
        Assert.Equal(expected, Docs.Run(new LengthFilter(new LengthOptions { MaxChars = 10 }), new string('a', chars)).Action);

    [Fact]
    public void Decide_WordBounds_DropWithReasonAndMeasuredValue()
    {
        var step = new LengthFilter(new LengthOptions { MinWords = 3, MaxWords = 4 });
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, "one two three").Action);
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, "one two three four").Action);
        var low = Docs.Run(step, "one two");
        Assert.Equal("length:min_words", low.Reason);
        Assert.Contains("words=2", low.Details);
        Assert.Equal("length:max_words", Docs.Run(step, "one two three four five").Reason);
    }

    [Fact]
    public void Decide_CjkText_CountsCharactersAsWords()
    {
        var step = new LengthFilter(new LengthOptions { MinWords = 4 });
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, "我喜欢猫").Action);
        Assert.Equal(OutcomeAction.Dropped, Docs.Run(step, "我喜欢").Action);
    }
}
