using Pipeline.Core.Steps;
using Pipeline.Filters.Quality;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class C4FilterTests
{
    private static readonly C4Filter Step = new(new C4Options());

    private static string Sentences(int n) => string.Join("\n", Enumerable.Range(0, n).Select(i => $"This is sentence number {i} of the text."));

    [Fact]
    public void Decide_MinSentences_FiveKeepsFourDrops()
    {
        var five = Docs.Run(Step, Sentences(5));
        Assert.Equal(OutcomeAction.Kept, five.Action);
        var four = Docs.Run(Step, Sentences(4));
        Assert.Equal("c4:too_few_sentences", four.Reason);
        Assert.Contains("sentences=4", four.Details);
    }

    [Fact]
    public void Decide_LineRules_RemoveLinesAndModify()
    {
        var text = Sentences(5) + "\nno terminal punctuation here\nTwo words.\nPlease enable javascript in your browser.\nRead our privacy policy today.\nWait for it...";
        var o = Docs.Run(Step, text);
        Assert.Equal(OutcomeAction.Modified, o.Action);
        Assert.Equal("c4:lines_removed", o.Reason);
        Assert.Equal(Sentences(5), o.Document.Text);
        Assert.Contains("lines_removed=5", o.Details);
        Assert.Contains("javascript=1", o.Details);
        Assert.Contains("policy=1", o.Details);
        Assert.Contains("short_line=1", o.Details);
    }

    [Fact]
    public void Decide_ShortLine_ThreeWordsKeptTwoRemoved()
    {
        Assert.Null(Step.LineRule("Three words here."));
        Assert.Equal("short_line", Step.LineRule("Two words."));
    }

    [Fact]
    public void Decide_Citations_Removed()
    {
        var o = Docs.Run(Step, Sentences(4) + "\nThe war ended in 1945.[1] It was long.[citation needed]");
        Assert.Equal(OutcomeAction.Modified, o.Action);
        Assert.EndsWith("The war ended in 1945. It was long.", o.Document.Text);
    }

    [Fact]
    public void Decide_LoremIpsumAndCurlyBracket_Drop()
    {
        Assert.Equal("c4:lorem_ipsum", Docs.Run(Step, Sentences(6) + "\nLorem ipsum dolor sit amet.").Reason);
        Assert.Equal("c4:curly_bracket", Docs.Run(Step, Sentences(6) + "\nfunction f() { return 1; }").Reason);
    }

    [Fact]
    public void Decide_LongWord_LineRemoved()
    {
        var step = new C4Filter(new C4Options { MaxWordLength = 10 });
        Assert.Null(step.LineRule("a tenletters word."));
        Assert.Equal("long_word", step.LineRule("an elevenchars word."));
    }
}
