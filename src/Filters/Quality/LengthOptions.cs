using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Quality;

/// <summary>Options of <c>filters.length</c>. A bound of 0 means "no bound".</summary>
public sealed class LengthOptions : IValidatableOptions
{
    [Description("Drop documents with fewer characters than this (0 = no minimum).")]
    [Range(0, int.MaxValue)]
    public int MinChars { get; init; }

    [Description("Drop documents with more characters than this (0 = no maximum).")]
    [Range(0, int.MaxValue)]
    public int MaxChars { get; init; }

    [Description("Drop documents with fewer words than this (0 = no minimum). CJK/Thai characters count as one word each.")]
    [Range(0, int.MaxValue)]
    public int MinWords { get; init; }

    [Description("Drop documents with more words than this (0 = no maximum).")]
    [Range(0, int.MaxValue)]
    public int MaxWords { get; init; }

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (MaxChars > 0 && MinChars > MaxChars) yield return ("min_chars", $"min_chars ({MinChars}) is above max_chars ({MaxChars})");
        if (MaxWords > 0 && MinWords > MaxWords) yield return ("min_words", $"min_words ({MinWords}) is above max_words ({MaxWords})");
    }
}
