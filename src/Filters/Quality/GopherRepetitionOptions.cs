using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Pipeline.Filters.Quality;

/// <summary>Options of <c>filters.gopher_repetition</c> (defaults: the Gopher paper, table A1).</summary>
public sealed class GopherRepetitionOptions
{
    [Description("Maximum fraction of lines that repeat an earlier line.")]
    [Range(0.0, 1.0)]
    public double MaxDupLineFrac { get; init; } = 0.30;

    [Description("Maximum fraction of paragraphs that repeat an earlier paragraph.")]
    [Range(0.0, 1.0)]
    public double MaxDupParaFrac { get; init; } = 0.30;

    [Description("Maximum fraction of characters in lines that repeat an earlier line.")]
    [Range(0.0, 1.0)]
    public double MaxDupLineCharFrac { get; init; } = 0.20;

    [Description("Maximum fraction of characters in paragraphs that repeat an earlier paragraph.")]
    [Range(0.0, 1.0)]
    public double MaxDupParaCharFrac { get; init; } = 0.20;

    [Description("Maximum fraction of word characters in the most frequent word 2-gram.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_top_2gram_char_frac")]
    public double MaxTop2GramCharFrac { get; init; } = 0.20;

    [Description("Maximum fraction of word characters in the most frequent word 3-gram.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_top_3gram_char_frac")]
    public double MaxTop3GramCharFrac { get; init; } = 0.18;

    [Description("Maximum fraction of word characters in the most frequent word 4-gram.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_top_4gram_char_frac")]
    public double MaxTop4GramCharFrac { get; init; } = 0.16;

    [Description("Maximum fraction of word characters covered by duplicated 5-grams.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_dup_5gram_char_frac")]
    public double MaxDup5GramCharFrac { get; init; } = 0.15;

    [Description("Maximum fraction of word characters covered by duplicated 6-grams.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_dup_6gram_char_frac")]
    public double MaxDup6GramCharFrac { get; init; } = 0.14;

    [Description("Maximum fraction of word characters covered by duplicated 7-grams.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_dup_7gram_char_frac")]
    public double MaxDup7GramCharFrac { get; init; } = 0.13;

    [Description("Maximum fraction of word characters covered by duplicated 8-grams.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_dup_8gram_char_frac")]
    public double MaxDup8GramCharFrac { get; init; } = 0.12;

    [Description("Maximum fraction of word characters covered by duplicated 9-grams.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_dup_9gram_char_frac")]
    public double MaxDup9GramCharFrac { get; init; } = 0.11;

    [Description("Maximum fraction of word characters covered by duplicated 10-grams.")]
    [Range(0.0, 1.0)]
    [JsonPropertyName("max_dup_10gram_char_frac")]
    public double MaxDup10GramCharFrac { get; init; } = 0.10;
}
