using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Filters.Quality;

/// <summary>Options of <c>filters.fineweb</c> (defaults: the FineWeb quality filter, Penedo et al. 2024).</summary>
public sealed class FineWebOptions
{
    [Description("Drop when the fraction of lines ending in terminal punctuation is below this.")]
    [Range(0.0, 1.0)]
    public double MinLinePunctRatio { get; init; } = 0.12;

    [Description("Drop when the fraction of short lines is above this.")]
    [Range(0.0, 1.0)]
    public double MaxShortLineRatio { get; init; } = 0.67;

    [Description("A line this long or shorter (characters) is short.")]
    [Range(0, int.MaxValue)]
    public int ShortLineLength { get; init; } = 30;

    [Description("Drop when the fraction of characters in lines repeating an earlier line is above this.")]
    [Range(0.0, 1.0)]
    public double MaxDupLineCharRatio { get; init; } = 0.1;

    [Description("Drop when newlines per word is above this.")]
    [Range(0.0, 1000.0)]
    public double MaxNewlineWordRatio { get; init; } = 0.3;
}
