using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Filters.Pii;
using Pipeline.Filters.Policy;
using Pipeline.Filters.Quality;
using Pipeline.Filters.Toxicity;
using Pipeline.Filters.Url;

namespace Pipeline.Filters;

/// <summary>Registers the steps of Pipeline.Filters.</summary>
public static class FiltersModule
{
    /// <summary>Table mappings of this assembly's ledger records (<see cref="PiiCountRecord"/> → <c>pii_redactions</c>).</summary>
    public static LedgerMappings LedgerMappings()
    {
        var pii = new LedgerTable("pii_redactions", ("doc_id", LedgerColumnType.Text), ("entity_type", LedgerColumnType.Text),
            ("count", LedgerColumnType.Integer), ("mode", LedgerColumnType.Text), ("step_id", LedgerColumnType.Text));
        return new LedgerMappings().Map<PiiCountRecord>((r, w) =>
            w.Row(pii).Text(r.DocumentId).Text(r.EntityType).Integer(r.Count).Text(r.Mode).Text(r.StepId).End(), pii);
    }

    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddProcessor<LengthOptions>("filters.length", "Drop documents outside character/word count bounds", o => new LengthFilter(o));
        registry.AddProcessor<GopherQualityOptions>("filters.gopher_quality", "Gopher quality heuristics (word count, word length, symbols, bullets, ellipses, alphabetic words, stop words)", o => new GopherQualityFilter(o));
        registry.AddProcessor<GopherRepetitionOptions>("filters.gopher_repetition", "Gopher repetition rules (duplicate lines/paragraphs, top and duplicated n-grams)", o => new GopherRepetitionFilter(o));
        registry.AddProcessor<C4Options>("filters.c4", "C4 line cleaning then document rules (lorem ipsum, curly bracket, min sentences)", o => new C4Filter(o));
        registry.AddProcessor<FineWebOptions>("filters.fineweb", "FineWeb quality rules (line punctuation, short lines, duplicated line chars, newline/word ratio)", o => new FineWebFilter(o));
        registry.AddProcessor<UrlFilterOptions>("filters.url", "Drop documents whose URL matches blocked domains (and subdomains), full URLs or banned substrings", o => new UrlFilter(o));
        registry.AddProcessor<ToxicityOptions>("filters.toxicity", "Toxicity by lexicon (LDNOOBW lists, severity weights) or trained linear classifier; meta toxicity_score", o => new ToxicityFilter(o));
        registry.AddProcessor<PiiOptions>("filters.pii", "Detect EMAIL, PHONE_NUMBER, IP_ADDRESS, CREDIT_CARD, US_SSN, IBAN_CODE, URL_CREDENTIALS; tag, redact, hash or drop", o => new PiiFilter(o));
        registry.AddProcessor<LicencePolicyOptions>("filters.licence_policy", "Keep or drop by licence allow/deny lists, unknown-licence policy and opt-out signals", o => new LicencePolicyFilter(o));
    }
}
