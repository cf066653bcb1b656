using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Io;
using Pipeline.Ingest.Synthetic;
using Pipeline.Ingest.Html;
using Pipeline.Ingest.Warc;

namespace Pipeline.Ingest;

/// <summary>Registers the steps of Pipeline.Ingest.</summary>
public static class IngestModule
{
    /// <summary>Table mappings of this assembly's ledger records (<see cref="SourceFileRecord"/> → <c>sources</c>).</summary>
    public static LedgerMappings LedgerMappings()
    {
        var sources = new LedgerTable("sources", ("path", LedgerColumnType.Text), ("size_bytes", LedgerColumnType.BigInt), ("sha256", LedgerColumnType.Text), ("format", LedgerColumnType.Text));
        return new LedgerMappings().Map<SourceFileRecord>((r, w) => w.Row(sources).Text(r.Path).BigInt(r.SizeBytes).Text(r.Sha256).Text(r.Format).End(), sources);
    }

    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // io: JSONL / Parquet / text readers and writers, synthetic generator
        registry.AddSource<JsonlSourceOptions>("ingest.jsonl", "Read {id, text, metadata} JSON lines (.jsonl, .jsonl.gz); bad lines are reported with file and line", o => new JsonlSource(o));
        registry.AddSink<JsonlSinkOptions>("sink.jsonl", "Write documents as JSON lines (optionally gzip), byte-identical for identical input", o => new JsonlSink(o));
        registry.AddSource<ParquetSourceOptions>("ingest.parquet", "Read documents from Parquet row group by row group (any file with a text column)", o => new ParquetSource(o));
        registry.AddSink<ParquetSinkOptions>("sink.parquet", "Write documents to Parquet: id, text, source fields, metadata JSON", o => new ParquetSink(o));
        registry.AddSource<TextSourceOptions>("ingest.text", "Read plain text: one document per file, line or paragraph", o => new TextSource(o));
        registry.AddSource<SyntheticWebOptions>("ingest.synthetic_web", "Seeded synthetic web documents with known duplicates, boilerplate, low quality, PII, licences", o => new SyntheticWebSource(o));
        registry.AddArtifact<SyntheticWarcOptions>("ingest.synthetic_warc", "Write synthetic html pages as a WARC/1.1 file (request + response records, gzip per record)", o => new SyntheticWarcStep(o));
        // end io
        // web (WARC, HTML text, licence/opt-out)
        registry.AddSource<WarcOptions>("ingest.warc", "read WARC files (plain or gzip): response/resource/conversion records as documents", o => new WarcSource(o));
        registry.AddProcessor<HtmlTextOptions>("ingest.html_text", "extract main text, title, language, licence and AI opt-out from HTML documents", o => new HtmlTextStep(o));
    }
}
