using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Filters.Quality;

/// <summary>Options of <c>filters.c4</c> (defaults: the C4 rules, Raffel et al. 2020).</summary>
public sealed class C4Options
{
    [Description("Remove lines that do not end in terminal punctuation (. ? ! \" ') or that end in an ellipsis.")]
    public bool RequireTerminalPunctuation { get; init; } = true;

    [Description("Remove lines with fewer words than this.")]
    [Range(0, int.MaxValue)]
    public int MinWordsPerLine { get; init; } = 3;

    [Description("Remove lines holding a word longer than this many characters.")]
    [Range(1, int.MaxValue)]
    public int MaxWordLength { get; init; } = 1000;

    [Description("Remove lines mentioning 'javascript'.")]
    public bool RemoveJavascriptLines { get; init; } = true;

    [Description("Remove lines holding a policy phrase (terms of use, privacy policy, cookie policy, uses cookies, use of cookies, use cookies).")]
    public bool RemovePolicyLines { get; init; } = true;

    [Description("Delete citation marks such as [1], [edit], [citation needed] from lines.")]
    public bool RemoveCitations { get; init; } = true;

    [Description("Drop documents containing 'lorem ipsum'.")]
    public bool DropLoremIpsum { get; init; } = true;

    [Description("Drop documents containing a curly bracket '{' (code).")]
    public bool DropCurlyBracket { get; init; } = true;

    [Description("Drop documents with fewer sentences than this after line cleaning.")]
    [Range(0, int.MaxValue)]
    public int MinSentences { get; init; } = 5;
}
