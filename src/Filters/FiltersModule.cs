using Pipeline.Core.Steps;
using Pipeline.Filters.Quality;

namespace Pipeline.Filters;

/// <summary>Registers the steps of Pipeline.Filters.</summary>
public static class FiltersModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddProcessor<LengthOptions>("filters.length", "Drop documents outside character/word count bounds", o => new LengthFilter(o));
        registry.AddProcessor<GopherQualityOptions>("filters.gopher_quality", "Gopher quality heuristics (word count, word length, symbols, bullets, ellipses, alphabetic words, stop words)", o => new GopherQualityFilter(o));
        registry.AddProcessor<GopherRepetitionOptions>("filters.gopher_repetition", "Gopher repetition rules (duplicate lines/paragraphs, top and duplicated n-grams)", o => new GopherRepetitionFilter(o));
        registry.AddProcessor<C4Options>("filters.c4", "C4 line cleaning then document rules (lorem ipsum, curly bracket, min sentences)", o => new C4Filter(o));
        registry.AddProcessor<FineWebOptions>("filters.fineweb", "FineWeb quality rules (line punctuation, short lines, duplicated line chars, newline/word ratio)", o => new FineWebFilter(o));
    }
}
