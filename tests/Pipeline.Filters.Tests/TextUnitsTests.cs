using Pipeline.Filters.Text;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class TextUnitsTests
{
    [Fact]
    public void Words_MixedScripts_SplitsByScript()
    {
        Assert.Equal(["Hello", "world", "don't", "well-known"], TextUnits.Words("Hello, world! don't well-known"));
        Assert.Equal(["東", "京", "は", "big"], TextUnits.Words("東京は big"));
        Assert.Equal(["Привет", "мир"], TextUnits.Words("Привет, мир."));
        Assert.Equal(["สวัสดี".Length], [TextUnits.Words("สวัสดี").Count]);
        Assert.Equal(["مرحبا", "بالعالم"], TextUnits.Words("مرحبا بالعالم"));
    }

    [Fact]
    public void Words_BrokenSurrogatesAndEmoji_NeverThrow()
    {
        var text = "ok \uD800 bad \uDC00 😀 end 𠀀";
        var words = TextUnits.Words(text);
        Assert.Contains("ok", words);
        Assert.Contains("end", words);
        Assert.Contains("𠀀", words);
        Assert.NotEmpty(TextUnits.Tokens(text));
    }

    [Fact]
    public void Paragraphs_BlankLines_Separate() =>
        Assert.Equal(["a\nb", "c"], TextUnits.Paragraphs("a\nb\n\n\n c \n"));
}
