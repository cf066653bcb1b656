using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Filters.Text;

namespace Pipeline.Filters.Toxicity;

/// <summary><c>filters.toxicity</c>: lexicon hits or a linear classifier score (the built-in model unless one is given); writes meta <c>toxicity_score</c>.</summary>
internal sealed class ToxicityFilter : FilterStep
{
    private readonly ToxicityOptions _options;
    private readonly LinearTextClassifier? _model;
    private readonly double _threshold;
    private readonly ToxicityLexicon? _common;
    private readonly Dictionary<string, ToxicityLexicon> _byLanguage = new(StringComparer.OrdinalIgnoreCase);

    public ToxicityFilter(ToxicityOptions options)
    {
        _options = options;
        if (options.UsesClassifier)
        {
            _model = options.Model.Length > 0 ? LinearTextClassifier.Load(options.Model) : LinearTextClassifier.Default;
            _threshold = options.Threshold ?? _model.Threshold;
            return;
        }
        var weights = options.SeverityFile.Length > 0 ? ToxicityLexicon.ReadWeights(options.SeverityFile) : null;
        if (options.LexiconFiles.Count > 0) _common = new ToxicityLexicon(options.LexiconFiles.SelectMany(ToxicityLexicon.ReadTerms), weights);
        if (options.LexiconDir.Length > 0)
            foreach (var lang in options.Languages)
            {
                var path = Path.Combine(options.LexiconDir, lang);
                if (!File.Exists(path)) throw new FileNotFoundException($"lexicon_dir has no list for language '{lang}' (expected {path})", path);
                _byLanguage[lang] = new ToxicityLexicon(File.ReadLines(path), weights);
            }
    }

    protected override Outcome Decide(Document document)
    {
        if (_model is not null)
        {
            double score = _model.Score(document.Text);
            var scored = document.WithMeta("toxicity_score", Math.Round(score, 6));
            return score > _threshold
                ? Outcome.Drop(scored, "toxicity:classifier", $"toxicity_score={TextUnits.F(score)} > {TextUnits.F(_threshold)}")
                : Outcome.Keep(scored);
        }
        var (hits, weighted, words) = LexiconMatch(document);
        double ratio = words == 0 ? 0 : (double)hits / words;
        var tagged = document.WithMeta("toxicity_score", Math.Round(ratio, 6)).WithMeta("toxicity_hits", (long)hits);
        if (hits > 0 && weighted >= _options.MaxWeightedHits)
            return Outcome.Drop(tagged, "toxicity:lexicon_count", $"weighted_hits={TextUnits.F(weighted)} >= {TextUnits.F(_options.MaxWeightedHits)}");
        if (hits > 0 && _options.MaxHitRatio > 0 && ratio >= _options.MaxHitRatio)
            return Outcome.Drop(tagged, "toxicity:lexicon_ratio", $"hit_ratio={TextUnits.F(ratio)} >= {TextUnits.F(_options.MaxHitRatio)}");
        return Outcome.Keep(tagged);
    }

    internal (int Hits, double Weighted, int Words) LexiconMatch(Document document)
    {
        int hits = 0, words = 0;
        double weighted = 0;
        if (_common is not null) (hits, weighted, words) = _common.Match(document.Text);
        if (_byLanguage.Count > 0)
        {
            var lang = document.Meta.GetString("language");
            if (lang is null || !_byLanguage.TryGetValue(lang, out var lex)) _byLanguage.TryGetValue(_options.DefaultLanguage, out lex);
            if (lex is not null)
            {
                var (h, w, n) = lex.Match(document.Text);
                hits += h; weighted += w; words = Math.Max(words, n);
            }
        }
        return (hits, weighted, words);
    }
}
