using Pipeline.Core.Steps;
using Pipeline.Ingest.Html;
using Pipeline.Ingest.Warc;

namespace Pipeline.Ingest;

/// <summary>Registers the steps of Pipeline.Ingest.</summary>
public static class IngestModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // web (WARC, HTML text, licence/opt-out)
        registry.AddSource<WarcOptions>("ingest.warc", "read WARC files (plain or gzip): response/resource/conversion records as documents", o => new WarcSource(o));
        registry.AddProcessor<HtmlTextOptions>("ingest.html_text", "extract main text, title, language, licence and AI opt-out from HTML documents", o => new HtmlTextStep(o));
    }
}
