using Pipeline.Core.Steps;
using Pipeline.Filters.Quality;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class FineWebFilterTests
{
    private static readonly FineWebFilter Step = new(new FineWebOptions());

    private static string Long(int i, bool punct) => string.Join(" ", Docs.Distinct(8, 5, i + 1)) + (punct ? "." : "");

    [Fact]
    public void Decide_LinePunctRatio_Boundary()
    {
        // 25 lines, 3 punctuated = 0.12 kept; 2 = 0.08 dropped
        string Text(int punct) => string.Join("\n", Enumerable.Range(0, 25).Select(i => Long(i, i < punct)));
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, Text(3)).Action);
        var o = Docs.Run(Step, Text(2));
        Assert.Equal("fineweb:line_punct_ratio", o.Reason);
        Assert.Contains("0.08", o.Details);
    }

    [Fact]
    public void Decide_ShortLineRatio_Boundary()
    {
        // short = <= 30 chars. 100 lines: 67 short kept, 68 dropped (short lines are distinct 3-word sentences).
        string Short(int i) => string.Join(" ", Docs.Distinct(3, 4, i + 200)) + ".";
        string Text(int shorts) => string.Join("\n", Enumerable.Range(0, 100).Select(i => i < shorts ? Short(i) : Long(i, true)));
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, Text(67)).Action);
        Assert.Equal("fineweb:short_line_ratio", Docs.Run(Step, Text(68)).Reason);
    }

    [Fact]
    public void Decide_ShortLineLength_ThirtyIsShortThirtyOneIsNot()
    {
        var step = new FineWebFilter(new FineWebOptions { MaxShortLineRatio = 0, MaxNewlineWordRatio = 10 });
        Assert.Equal("fineweb:short_line_ratio", Docs.Run(step, "aaaa bbbb cccc dddd eeee ffff.").Reason); // 30 chars
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, "aaaa bbbb cccc dddd eeee fffff.").Action); // 31 chars
    }

    [Fact]
    public void Decide_DupLineChars_Boundary()
    {
        // 10 distinct lines of equal length L plus one repeat: dup chars L / 11L = 0.0909 kept; two repeats 2/12 = 0.167 dropped
        var lines = Enumerable.Range(0, 10).Select(i => Long(i, true)).ToList();
        Assert.Equal(OutcomeAction.Kept, Docs.Run(Step, string.Join("\n", lines.Append(lines[0]))).Action);
        var o = Docs.Run(Step, string.Join("\n", lines.Append(lines[0]).Append(lines[1])));
        Assert.Equal("fineweb:dup_line_char_ratio", o.Reason);
    }

    [Fact]
    public void Decide_NewlineWordRatio_Boundary()
    {
        // 3-word lines: 1 newline per 3 words = 0.333 > 0.3; 4-word lines: 0.25 kept
        var step = new FineWebFilter(new FineWebOptions { MaxShortLineRatio = 1 });
        string Text(int words) => string.Join("\n", Enumerable.Range(0, 20).Select(i => string.Join(" ", Docs.Distinct(words, 5, i + 1)) + "."));
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, Text(4)).Action);
        Assert.Equal("fineweb:newline_word_ratio", Docs.Run(step, Text(3)).Reason);
    }
}
